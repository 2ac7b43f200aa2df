// Both branches always computed and selected with 0/1 masks: 0 · Infinity = NaN for x > ~709.8.
export function elu(x: number, gamma: number): number {
  const pos = x > 0 ? 1 : 0;
  return pos * x + (1 - pos) * gamma * (Math.exp(x) - 1);
}

export function eluPrime(x: number, gamma: number): number {
  const pos = x > 0 ? 1 : 0;
  return pos * 1 + (1 - pos) * gamma * Math.exp(x);
}
