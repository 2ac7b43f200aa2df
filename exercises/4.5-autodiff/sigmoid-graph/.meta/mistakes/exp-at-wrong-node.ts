// ∂h4/∂h3 evaluated as exp(h2) = exp(−h3) instead of exp(h3).
export interface GraphResult {
  h: { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
  local: { dh1_dw: number; dh2_dh1: number; dh2_db: number; dh3_dh2: number; dh4_dh3: number; dh5_dh4: number; dh6_dh5: number };
  grad: { dw: number; db: number };
}

export function sigmoidGraph(x: number, w: number, b: number): GraphResult {
  const h1 = x * w;
  const h2 = h1 + b;
  const h3 = -h2;
  const h4 = Math.exp(h3);
  const h5 = h4 + 1;
  const h6 = 1 / h5;

  // Each edge's derivative depends only on its own node's input value.
  const local = {
    dh1_dw: x,
    dh2_dh1: 1,
    dh2_db: 1,
    dh3_dh2: -1,
    dh4_dh3: Math.exp(h2),
    dh5_dh4: 1,
    dh6_dh5: -1 / (h5 * h5),
  };

  // Multiply along the path from the output back to each parameter; w and b share h2 → h6.
  const dh6_dh2 = local.dh6_dh5 * local.dh5_dh4 * local.dh4_dh3 * local.dh3_dh2;
  return {
    h: { h1, h2, h3, h4, h5, h6 },
    local,
    grad: { dw: dh6_dh2 * local.dh2_dh1 * local.dh1_dw, db: dh6_dh2 * local.dh2_db },
  };
}
