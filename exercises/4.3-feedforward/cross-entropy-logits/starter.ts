/** Cross-entropy −yᵀ log softmax(z) for a one-hot y, and its gradient ŷ − y with respect to z. */
export function crossEntropyWithLogits(z: number[], y: number[]): { loss: number; grad: number[] } {
  // TODO: compute the loss from the logits without overflow (see the statement), and ŷ − y.
  return { loss: 0, grad: z.map(() => 0) };
}
