// deltalab's reference autodiff engine: float64 tensors, reverse mode (backward) and forward mode
// (jvp), gradient checking, and the networks of NNDL chapter 4. No dependencies, no I/O.

export {
  Tensor,
  tensor,
  scalar,
  zeros,
  ones,
  full,
  fromArray,
  toNested,
  toTensor,
  noGrad,
  isGradEnabled,
  node,
  gradOf,
  accumulate,
  tangentOf,
  sizeOf,
  shapesEqual,
  type Shape,
  type Nested,
  type Operand,
  type TensorOptions,
  type Rule,
} from './tensor';
export { broadcastShapes, broadcastIndex, expand, sumToShape, unbroadcast } from './broadcast';
export { add, sub, mul, div, neg, exp, log, pow, sqrt, abs, square, maximum, minimum } from './ops';
export { matmul, linear, transpose } from './linalg';
export { sum, mean, max, min, argmax, type ReduceOptions } from './reduce';
export { reshape, flatten, slice, rows, index, concat, stack } from './shape';
export {
  elementwise,
  sigmoid,
  logSigmoid,
  tanh,
  hardLogistic,
  hardTanh,
  relu,
  leakyRelu,
  prelu,
  elu,
  softplus,
  swish,
  gelu,
  geluTanh,
  geluSigmoid,
  maxout,
  activationsByName,
  type ActivationName,
} from './activations';
export { softmax, logSoftmax, logSumExp } from './softmax';
export {
  crossEntropyWithLogits,
  crossEntropy,
  squaredError,
  mse,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  l2Penalty,
  type Targets,
} from './losses';
export { backward, topologicalOrder, zeroGrad } from './backward';
export { dual, jvp, jacobianForward, jacobianReverse } from './forward';
export {
  gradcheck,
  numericGradient,
  valueAndGrad,
  formatGradcheck,
  multiIndex,
  GRADCHECK_DEFAULTS,
  type GradcheckOptions,
  type GradcheckReport,
  type ParamReport,
  type ScalarFn,
} from './gradcheck';
export { createRng, hashSeed, randUniform, randNormal, type Rng } from './rng';
export {
  dense,
  mlp,
  sgdStep,
  type Dense,
  type Init,
  type Mlp,
  type MlpConfig,
  type MlpTrace,
  type OutputKind,
  type HiddenActivation,
} from './nn';
export { erf, erfc, normalCdf, normalPdf } from './scalar';
export * as scalarFns from './scalar';
