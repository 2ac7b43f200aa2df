// Every local derivative is right (∂h3/∂h2 = −1 included), but the chain product leaves that
// factor out, so ∂f/∂w and ∂f/∂b have the wrong sign.
export function sigmoidGraph(x: number, w: number, b: number) {
  const h1 = x * w;
  const h2 = h1 + b;
  const h3 = -h2;
  const h4 = Math.exp(h3);
  const h5 = h4 + 1;
  const h6 = 1 / h5;
  const local = { dh1_dw: x, dh2_dh1: 1, dh2_db: 1, dh3_dh2: -1, dh4_dh3: h4, dh5_dh4: 1, dh6_dh5: -1 / (h5 * h5) };
  const back = local.dh6_dh5 * local.dh5_dh4 * local.dh4_dh3;
  return { h: { h1, h2, h3, h4, h5, h6 }, local, grad: { dw: back * local.dh1_dw, db: back } };
}
