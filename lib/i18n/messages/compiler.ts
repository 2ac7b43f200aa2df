import type { Locale } from '../locales';

/**
 * The compiler's (esbuild's) messages in the student's language: the common syntax errors are
 * translated, anything else is kept as the compiler said it.
 */
const COMPILE_ZH: [RegExp, string][] = [
  [/^Expected (.+) but found (.+)$/, '此处应为 $1，实际是 $2'],
  [/^Expected (.+)$/, '此处应为 $1'],
  [/^Unexpected end of file$/, '文件意外结束（可能缺少右括号或右花括号）'],
  [/^Unexpected (.+)$/, '意外的 $1'],
  [/^Unterminated string literal$/, '字符串没有结束引号'],
  [/^Unterminated template literal$/, '模板字符串没有结束的反引号'],
  [/^Unterminated regular expression$/, '正则表达式没有结束'],
  [/^The symbol (.+) has already been declared$/, '符号 $1 已经声明过'],
  [/^Cannot assign to (.+) because it is a constant$/, '不能给 $1 赋值，因为它是常量'],
  [/^Multiple exports with the same name (.+)$/, '有多个同名导出 $1'],
  [/^The file is (.+) long; the limit is (.+)\.$/, '文件长度为 $1，上限为 $2。'],
];

export function compileMessage(message: string, locale: Locale): string {
  if (locale !== 'zh') return message;
  for (const [pattern, zh] of COMPILE_ZH) if (pattern.test(message)) return message.replace(pattern, zh);
  return message;
}
