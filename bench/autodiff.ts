// Forward + backward of an MLP 784-128-64-10 (ReLU, softmax cross-entropy), batch 32:
// lib/autodiff (float64) against TensorFlow.js on its CPU backend (float32), same weights and data.
// Run: npm run bench:autodiff

import * as tf from '@tensorflow/tfjs';
import { createRng, mlp, tensor, type Mlp } from '../lib/autodiff';

const SIZES = [784, 128, 64, 10];
const BATCH = 32;
const WARMUP = 30;
const ITERATIONS = 200;

interface Phase {
  times: number[];
  peakRss: number;
  peakHeap: number;
  peakBuffers: number;
  loss: number;
}

function sampleMemory(phase: Phase): void {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  phase.peakRss = Math.max(phase.peakRss, rss);
  phase.peakHeap = Math.max(phase.peakHeap, heapUsed);
  phase.peakBuffers = Math.max(phase.peakBuffers, arrayBuffers);
}

function run(step: () => number): Phase {
  const phase: Phase = { times: [], peakRss: 0, peakHeap: 0, peakBuffers: 0, loss: NaN };
  for (let i = 0; i < WARMUP; i++) step();
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    phase.loss = step();
    phase.times.push(performance.now() - start);
    sampleMemory(phase);
  }
  return phase;
}

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (x: number): string => `${x.toFixed(3)} ms`;

// ---------------------------------------------------------------------------------------------
// Data and the reference network

const rng = createRng('bench-autodiff');
const X = tensor(Array.from({ length: BATCH }, () => Array.from({ length: SIZES[0] }, () => rng.random())));
const labels = Array.from({ length: BATCH }, () => rng.int(0, SIZES[SIZES.length - 1]));
const net: Mlp = mlp({ sizes: SIZES, activations: 'relu', output: 'softmax', seed: 'bench-autodiff' });

// ---------------------------------------------------------------------------------------------
// lib/autodiff

function autodiffStep(): number {
  net.zeroGrad();
  const loss = net.loss(X, labels);
  loss.backward();
  return loss.item();
}

// ---------------------------------------------------------------------------------------------
// TensorFlow.js, CPU backend, in its own idiom: W stored [in, out], z = x·W + b

async function setUpTf(): Promise<() => number> {
  tf.env().set('PROD', true); // production mode: no debug checks, no "use tfjs-node" banner
  await tf.setBackend('cpu');
  await tf.ready();
  const xs = tf.tensor2d(Float32Array.from(X.data), [BATCH, SIZES[0]]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), SIZES[SIZES.length - 1]);
  const vars = net.layers.map(({ W, b }) => ({
    W: tf.variable(tf.tensor2d(Float32Array.from(W.data), [W.shape[0], W.shape[1]]).transpose()),
    b: tf.variable(tf.tensor1d(Float32Array.from(b.data))),
  }));
  const f = (): tf.Scalar =>
    tf.tidy(() => {
      let a: tf.Tensor2D = xs;
      vars.forEach(({ W, b }, l) => {
        const z = tf.add(tf.matMul(a, W), b) as tf.Tensor2D;
        a = l < vars.length - 1 ? tf.relu(z) : z;
      });
      return tf.losses.softmaxCrossEntropy(ys, a) as tf.Scalar;
    });
  return () => {
    const { value, grads } = tf.variableGrads(f);
    const loss = value.dataSync()[0];
    value.dispose();
    tf.dispose(Object.values(grads));
    return loss;
  };
}

async function main(): Promise<void> {
  const tfStep = await setUpTf();
  const ours = run(autodiffStep);
  const theirs = run(tfStep);
  const oursMedian = quantile(ours.times, 0.5);
  const theirsMedian = quantile(theirs.times, 0.5);
  console.log(`MLP ${SIZES.join('-')}, ReLU, softmax cross-entropy, batch ${BATCH}: forward + backward`);
  console.log(`${WARMUP} warm-up + ${ITERATIONS} timed iterations each, Node ${process.version}, tfjs ${tf.version.tfjs} (${tf.getBackend()})`);
  console.log('');
  console.log(`lib/autodiff (float64)  median ${ms(oursMedian)}  p95 ${ms(quantile(ours.times, 0.95))}  peak rss ${mb(ours.peakRss)}  peak heapUsed ${mb(ours.peakHeap)}  peak arrayBuffers ${mb(ours.peakBuffers)}`);
  console.log(`tfjs cpu (float32)      median ${ms(theirsMedian)}  p95 ${ms(quantile(theirs.times, 0.95))}  peak rss ${mb(theirs.peakRss)}  peak heapUsed ${mb(theirs.peakHeap)}  peak arrayBuffers ${mb(theirs.peakBuffers)}`);
  console.log('(memory sampled after every timed iteration; rss is process-wide, both engines are loaded)');
  console.log('');
  console.log(`ratio autodiff/tfjs (median): ${(oursMedian / theirsMedian).toFixed(3)}  (target ≤ 1.5)`);
  console.log(`loss: autodiff ${ours.loss.toFixed(9)}, tfjs ${theirs.loss.toFixed(9)} (same weights and batch)`);
}

await main();
