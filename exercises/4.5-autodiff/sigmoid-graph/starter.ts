export interface GraphResult {
  /** the value of every node */
  h: { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
  /** the local derivative along every edge of the graph */
  local: { dh1_dw: number; dh2_dh1: number; dh2_db: number; dh3_dh2: number; dh4_dh3: number; dh5_dh4: number; dh6_dh5: number };
  /** ∂f/∂w and ∂f/∂b by the chain rule */
  grad: { dw: number; db: number };
}

/** The book's graph of f(x; w, b) = σ(wx + b): values, local derivatives and the chained gradient. */
export function sigmoidGraph(x: number, w: number, b: number): GraphResult {
  // Forward: h1 = x·w, h2 = h1 + b, h3 = −h2, h4 = exp(h3), h5 = h4 + 1, h6 = 1/h5.
  const h1 = x * w;
  // TODO: h2 … h6, then the local derivatives, then the chain rule.
  return {
    h: { h1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
    local: { dh1_dw: 0, dh2_dh1: 0, dh2_db: 0, dh3_dh2: 0, dh4_dh3: 0, dh5_dh4: 0, dh6_dh5: 0 },
    grad: { dw: 0, db: 0 },
  };
}
