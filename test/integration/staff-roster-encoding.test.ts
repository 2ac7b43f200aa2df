import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRequest, accountWithRole, viewerOf } from './staff-helpers';
import { JOIN_CODE, signUpStudent, startSite, useTempSiteEnv } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * The roster file as bytes, the way Excel saves it: UTF-8 with and without a byte order mark,
 * GBK / GB18030 (Excel on Chinese Windows), UTF-16 LE/BE with a mark. The stored rows are read
 * back and compared with the names that were encoded. Then what we refuse, student ids that must
 * be unique, pending rows, and the exports that Excel must read as UTF-8.
 */

const env = useTempSiteEnv();
let staff: string;

beforeAll(async () => {
  await startSite();
  staff = await accountWithRole('ta@example.com', 'staff');
});

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

async function storedNames(): Promise<Record<string, string>> {
  const { getDb } = await import('../../lib/db');
  const rows = await (await getDb()).selectFrom('roster_entry').select(['email', 'name', 'student_number']).execute();
  return Object.fromEntries(rows.map((r) => [r.email, `${r.name}|${r.student_number}`]));
}

async function clearRoster() {
  const { getDb } = await import('../../lib/db');
  await (await getDb()).deleteFrom('roster_entry').execute();
}

async function importBytes(bytes: Uint8Array) {
  const { importRoster } = await import('../../lib/staff/roster');
  return importRoster(await viewerOf(staff), { bytes });
}

const CHINESE = 'student_id,name,email\r\n2027001,张伟,zhang.wei@example.com\r\n2027002,李娜,li.na@example.com\r\n2027003,"欧阳, 娜娜",ouyang@example.com\r\n';
const EXPECTED = {
  'zhang.wei@example.com': '张伟|2027001',
  'li.na@example.com': '李娜|2027002',
  'ouyang@example.com': '欧阳, 娜娜|2027003',
};

describe('roster encodings', () => {
  const cases: [string, () => Uint8Array, string][] = [
    ['UTF-8 without BOM', () => iconv.encode(CHINESE, 'utf-8'), 'utf-8'],
    ['UTF-8 with BOM', () => iconv.encode(CHINESE, 'utf-8', { addBOM: true }), 'utf-8'],
    ['GBK (Excel on Chinese Windows)', () => iconv.encode(CHINESE, 'gbk'), 'gb18030'],
    ['GB18030', () => iconv.encode(CHINESE, 'gb18030'), 'gb18030'],
    ['UTF-16 LE with BOM', () => iconv.encode(CHINESE, 'utf-16le', { addBOM: true }), 'utf-16le'],
    ['UTF-16 BE with BOM', () => iconv.encode(CHINESE, 'utf-16be', { addBOM: true }), 'utf-16be'],
  ];
  for (const [name, bytes, encoding] of cases) {
    it(`reads ${name} and stores the names as written`, async () => {
      await clearRoster();
      const result = await importBytes(bytes());
      expect(result).toMatchObject({ added: 3, errors: [], encoding });
      expect(await storedNames()).toEqual(EXPECTED);
    });
  }

  it('reads a GB18030 file with a character outside GBK (four-byte sequence) among GB2312 names', async () => {
    await clearRoster();
    // 𠀀 (U+20000) exists only in GB18030, as four bytes.
    const text = 'email,name,student_id\nzw@example.com,张伟𠀀,1\nln@example.com,李娜,2\nwf@example.com,王芳,3\n';
    const result = await importBytes(iconv.encode(text, 'gb18030'));
    expect(result.encoding).toBe('gb18030');
    expect((await storedNames())['zw@example.com']).toBe('张伟𠀀|1');
  });

  it('refuses what it cannot decode with certainty, storing nothing', async () => {
    await clearRoster();
    const { EncodingRefusal } = await import('../../lib/staff/encoding');
    const refusal = (code: string) => expect.objectContaining({ status: 400, code, constructor: EncodingRefusal });
    // Latin-1 "Müller" (FC 6C) is valid GBK by accident; it must not be stored as "M黮ler".
    await expect(importBytes(iconv.encode('email,name,student_id\nm@example.com,Jürgen Müller,1\nj@example.com,José Núñez,2\n', 'latin1'))).rejects.toEqual(refusal('unknown'));
    // Text that went through a wrong decoding once already.
    await expect(importBytes(iconv.encode('email,name,student_id\na@example.com,\ufffd\ufffd,1\n', 'utf-8'))).rejects.toEqual(refusal('replacement'));
    // UTF-16 without a byte order mark, and binary junk.
    await expect(importBytes(iconv.encode('email,name,student_id\na@example.com,张伟,1\n', 'utf-16le'))).rejects.toEqual(refusal('binary'));
    await expect(importBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]))).rejects.toEqual(refusal('binary'));
    // An .xlsx is a zip file.
    await expect(importBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).rejects.toEqual(refusal('workbook'));
    await expect(importBytes(new Uint8Array())).rejects.toMatchObject({ status: 400 });
    expect(await storedNames()).toEqual({});
  });

  it('explains each refusal in English and in Chinese', async () => {
    const { messages } = await import('../../lib/i18n/catalog');
    for (const code of ['workbook', 'binary', 'unknown', 'replacement'] as const) {
      expect(messages('en').course.roster.encoding[code]).toMatch(/[a-z]{4}/);
      expect(messages('zh').course.roster.encoding[code]).toMatch(/[\u4e00-\u9fff]{4}/);
    }
  });
});

describe('student ids are unique on the roster', () => {
  it('refuses a row whose student id is used on another line or by another student', async () => {
    await clearRoster();
    const first = await importBytes(iconv.encode('email,name,student_id\na@example.com,A,100\nb@example.com,B,100\nc@example.com,C,101\n', 'gbk'));
    expect(first.added).toBe(2);
    expect(first.errors).toEqual([expect.objectContaining({ line: 3, code: 'duplicateNumber', params: { number: '100', first: '2' } })]);
    expect(first.errors[0]!.message).toContain('100');
    const second = await importBytes(iconv.encode('email,name,student_id\nd@example.com,D,101\na@example.com,A2,100\n', 'utf-8'));
    expect(second).toMatchObject({ added: 0, updated: 1 });
    expect(second.errors).toEqual([expect.objectContaining({ line: 2, code: 'numberTaken', params: { number: '101', email: 'c@example.com' } })]);
    // A student giving up their id in the same file frees it for a later row.
    const swap = await importBytes(iconv.encode('email,name,student_id\nc@example.com,C,102\nd@example.com,D,101\n', 'utf-8'));
    expect(swap).toMatchObject({ added: 1, updated: 1, errors: [] });
    expect(await storedNames()).toEqual({ 'a@example.com': 'A2|100', 'c@example.com': 'C|102', 'd@example.com': 'D|101' });
  });
});

describe('pending rows', () => {
  it('edits and removes a row nobody has joined with; a joined row is deactivated instead', async () => {
    await clearRoster();
    const { updatePendingEntry, removePendingEntry, listRoster } = await import('../../lib/staff/roster');
    const viewer = await viewerOf(staff);
    await importBytes(iconv.encode('email,name,student_id\nzhang.wie@example.com,张伟,2027001\nli.na@example.com,李娜,2027002\nwang@example.com,王芳,2027003\n', 'gbk'));
    // The mistyped email is corrected before Zhang Wei signs up.
    await updatePendingEntry(viewer, { email: 'zhang.wie@example.com', newEmail: 'Zhang.Wei@example.com', name: '张伟', studentNumber: '2027011' });
    await expect(updatePendingEntry(viewer, { email: 'zhang.wei@example.com', newEmail: 'zhang.wei@example.com', name: '张伟', studentNumber: '2027002' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('li.na@example.com'),
    });
    await expect(updatePendingEntry(viewer, { email: 'zhang.wei@example.com', newEmail: 'li.na@example.com', name: '张伟', studentNumber: '2027011' })).rejects.toMatchObject({ status: 400 });
    await removePendingEntry(viewer, { email: 'wang@example.com' });
    await expect(removePendingEntry(viewer, { email: 'wang@example.com' })).rejects.toMatchObject({ status: 404 });
    await signUpStudent('li.na@example.com', JOIN_CODE);
    await expect(removePendingEntry(viewer, { email: 'li.na@example.com' })).rejects.toMatchObject({ status: 400 });
    await expect(updatePendingEntry(viewer, { email: 'li.na@example.com', newEmail: 'li.na@example.com', name: 'x', studentNumber: '9' })).rejects.toMatchObject({ status: 400 });
    const roster = await listRoster(viewer);
    const listed = roster.filter((r) => r.preRegistered).sort((a, b) => a.email.localeCompare(b.email));
    expect(listed.map((r) => [r.email, r.name, r.studentNumber, r.userId !== null])).toEqual([
      ['li.na@example.com', '李娜', '2027002', true],
      ['zhang.wei@example.com', '张伟', '2027011', false],
    ]);
  });
});

describe('exports open in Excel', () => {
  it('starts the gradebook CSV with a UTF-8 BOM and lists students who never joined, with zero', async () => {
    const { GET } = await import('../../app/api/staff/export/gradebook/route');
    const res = await GET(apiRequest('/api/staff/export/gradebook?sort=email', { cookie: staff }));
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const { parseCsv } = await import('../../lib/staff/csv');
    const [header, ...rows] = parseCsv(text.slice(1));
    const at = (name: string) => header!.indexOf(name);
    expect(header!.slice(0, 7)).toEqual(['student_id', 'email', 'name', 'total_points', 'max_points', 'total_percent', 'status']);
    const byEmail = Object.fromEntries(rows.map((r) => [r[at('email')], r]));
    expect(byEmail['zhang.wei@example.com']!.slice(0, 7)).toEqual(['2027011', 'zhang.wei@example.com', '张伟', '0', byEmail['zhang.wei@example.com']![at('max_points')], '0', 'not_joined']);
    expect(byEmail['li.na@example.com']![at('status')]).toBe('active');
    // The page shows them too: the gradebook lists the roster, joined or not.
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const book = await getGradebook(await viewerOf(staff), {});
    expect(book.rows.find((r) => r.student.email === 'zhang.wei@example.com')).toMatchObject({ points: 0, total: 0, student: { joined: false } });
  });

  it('starts the submissions CSV with a UTF-8 BOM and defuses formulas in names', async () => {
    const cookie = await signUpStudent('formula@example.com', JOIN_CODE);
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    await db.updateTable('user').set({ name: '=HYPERLINK("http://x")' }).where('email', '=', 'formula@example.com').execute();
    const me = await viewerOf(cookie);
    // A graded row as the queue stores it: the export reads rows, the grading is not under test.
    await db
      .insertInto('submission')
      .values({ id: 'sub-formula', user_id: me.id, offering_id: me.offering!.id, exercise_id: 'sigmoid-prime', exercise_version: 'v1', mode: 'submit', status: 'failed', score: 0.5, points: 5, max_points: 10, code: '', result_json: null, idempotency_key: 'k1', locale: 'zh', created_at: Date.now(), started_at: null, graded_at: Date.now(), grade_ms: 1 })
      .execute();
    const { GET } = await import('../../app/api/staff/export/submissions/route');
    const bytes = new Uint8Array(await (await GET(apiRequest('/api/staff/export/submissions', { cookie: staff }))).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const { parseCsv } = await import('../../lib/staff/csv');
    const [header, ...rows] = parseCsv(text);
    const row = rows.find((r) => r[header!.indexOf('email')] === 'formula@example.com')!;
    expect(row[header!.indexOf('final_percent')]).toBe('50');
    expect(row[header!.indexOf('name')]).toBe('\'=HYPERLINK("http://x")');
  });
});
