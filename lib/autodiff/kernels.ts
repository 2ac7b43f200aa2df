// Matrix-product loops on flat row-major Float64Arrays. Every kernel ADDS into `c`, so a backward
// pass can accumulate a gradient straight into a parent's grad buffer without a temporary.
//
//   NN  C += A·B     row i of C gets Σ_p a(i,p)·(row p of B)
//   TN  C += Aᵀ·B    row i of C gets Σ_p a(p,i)·(row p of B)
//   NT  C += A·Bᵀ    c(i,j) is the dot product of row i of A and row j of B
//
// Every inner loop walks contiguous memory. NN and TN drop zero coefficients first (ReLU networks
// produce many) and add four rows of B per pass over a row of C; NT computes a 2×4 block of C per
// pass over two rows of A and four rows of B. Both cut memory traffic per multiply-add, which is
// what bounds these loops in JavaScript. Summation order differs from the naive triple loop only
// by rounding.

/** C[m×n] += A[m×k] · B[k×n] */
export function gemmNN(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  addScaledRows(a, k, 1, b, c, m, k, n);
}

/** C[m×n] += A[k×m]ᵀ · B[k×n] */
export function gemmTN(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  addScaledRows(a, 1, m, b, c, m, k, n);
}

/**
 * For each row i of C: C[i,:] += Σ_p coef(i,p)·B[p,:], where coef(i,p) = a[i·rowStride + p·colStride].
 */
function addScaledRows(
  a: Float64Array,
  rowStride: number,
  colStride: number,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const coef = new Float64Array(k);
  const from = new Int32Array(k); // start of the matching row of B
  for (let i = 0; i < m; i++) {
    let count = 0;
    for (let p = 0; p < k; p++) {
      const v = a[i * rowStride + p * colStride];
      if (v !== 0) {
        coef[count] = v;
        from[count] = p * n;
        count++;
      }
    }
    const ci = i * n;
    let q = 0;
    for (; q + 3 < count; q += 4) {
      const g0 = coef[q], g1 = coef[q + 1], g2 = coef[q + 2], g3 = coef[q + 3];
      const r0 = from[q], r1 = from[q + 1], r2 = from[q + 2], r3 = from[q + 3];
      for (let j = 0; j < n; j++) c[ci + j] += g0 * b[r0 + j] + g1 * b[r1 + j] + g2 * b[r2 + j] + g3 * b[r3 + j];
    }
    for (; q < count; q++) {
      const g = coef[q];
      const r = from[q];
      for (let j = 0; j < n; j++) c[ci + j] += g * b[r + j];
    }
  }
}

/** C[m×n] += A[m×k] · B[n×k]ᵀ */
export function gemmNT(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  for (let i = 0; i < m2; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // row i   · rows j..j+3 of B
      let t0 = 0, t1 = 0, t2 = 0, t3 = 0; // row i+1 · rows j..j+3 of B
      for (let p = 0; p < k; p++) {
        const x = a[a0 + p];
        const y = a[a1 + p];
        const v0 = b[b0 + p], v1 = b[b1 + p], v2 = b[b2 + p], v3 = b[b3 + p];
        s0 += x * v0; s1 += x * v1; s2 += x * v2; s3 += x * v3;
        t0 += y * v0; t1 += y * v1; t2 += y * v2; t3 += y * v3;
      }
      const c0 = i * n + j;
      const c1 = c0 + n;
      c[c0] += s0; c[c0 + 1] += s1; c[c0 + 2] += s2; c[c0 + 3] += s3;
      c[c1] += t0; c[c1 + 1] += t1; c[c1 + 2] += t2; c[c1 + 3] += t3;
    }
    for (let j = n4; j < n; j++) {
      c[i * n + j] += dot(a, a0, b, j * k, k);
      c[(i + 1) * n + j] += dot(a, a1, b, j * k, k);
    }
  }
  for (let i = m2; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += dot(a, i * k, b, j * k, k);
}

function dot(a: Float64Array, aStart: number, b: Float64Array, bStart: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += a[aStart + p] * b[bStart + p];
  return s;
}
