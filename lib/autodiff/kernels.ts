// Matrix-product loops on flat row-major Float64Arrays. Every kernel ADDS into `c`, so a backward
// pass can accumulate a gradient straight into a parent's grad buffer without a temporary.
//
// Loop orders keep the innermost loop walking contiguous memory:
//   NN  C += A·B     i-k-j: row i of C gets a(i,p) × row p of B
//   NT  C += A·Bᵀ    i-j-k: c(i,j) is the dot product of row i of A and row j of B
//   TN  C += Aᵀ·B    k-i-j: for each row p of A and B, C gets the outer product a(p,:)ᵀ b(p,:)
// NN and TN skip zero multipliers, which ReLU networks produce in abundance.

/** C[m×n] += A[m×k] · B[k×n] */
export function gemmNN(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/** C[m×n] += A[m×k] · B[n×k]ᵀ */
export function gemmNT(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      // Four partial sums break the dependency chain of one long accumulation.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      for (; p < k4; p += 4) {
        s0 += a[ai + p] * b[bj + p];
        s1 += a[ai + p + 1] * b[bj + p + 1];
        s2 += a[ai + p + 2] * b[bj + p + 2];
        s3 += a[ai + p + 3] * b[bj + p + 3];
      }
      for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
      c[ci + j] += s0 + s1 + (s2 + s3);
    }
  }
}

/** C[m×n] += A[k×m]ᵀ · B[k×n] */
export function gemmTN(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i];
      if (api === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
    }
  }
}
