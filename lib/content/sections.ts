/**
 * Chapter 4's sections: the course's table of contents. Folder names under exercises/ start with
 * the section id (e.g. `4.4-backprop`). Summaries may hold KaTeX math between `$…$`.
 */
export interface Section {
  id: '4.1' | '4.2' | '4.3' | '4.4' | '4.5' | '4.6';
  folder: string;
  title: { en: string; zh: string };
  summary: { en: string; zh: string };
}

export const SECTIONS: readonly Section[] = [
  {
    id: '4.1',
    folder: '4.1-neurons',
    title: { en: 'Neurons', zh: '神经元' },
    summary: {
      en: 'Net input $z = \\mathbf{w}^\\top\\mathbf{x} + b$ and activation $a = f(z)$: logistic, tanh, the ReLU family, Swish, GELU and Maxout, with their derivatives.',
      zh: '净输入 $z = \\mathbf{w}^\\top\\mathbf{x} + b$ 与活性值 $a = f(z)$：Logistic、Tanh、ReLU 系列、Swish、GELU 与 Maxout 及其导数。',
    },
  },
  {
    id: '4.2',
    folder: '4.2-networks',
    title: { en: 'Neural networks', zh: '神经网络' },
    summary: {
      en: 'Feedforward, memory and graph networks; connectionism: knowledge stored in connection strengths.',
      zh: '前馈网络、记忆网络与图网络；连接主义：知识存储在连接强度之中。',
    },
  },
  {
    id: '4.3',
    folder: '4.3-feedforward',
    title: { en: 'Feedforward neural networks', zh: '前馈神经网络' },
    summary: {
      en: 'Layer by layer, $\\mathbf{z}^{(l)} = W^{(l)}\\mathbf{a}^{(l-1)} + \\mathbf{b}^{(l)}$, $\\mathbf{a}^{(l)} = f_l(\\mathbf{z}^{(l)})$; softmax outputs, cross-entropy loss and universal approximation.',
      zh: '逐层计算 $\\mathbf{z}^{(l)} = W^{(l)}\\mathbf{a}^{(l-1)} + \\mathbf{b}^{(l)}$，$\\mathbf{a}^{(l)} = f_l(\\mathbf{z}^{(l)})$；Softmax 输出、交叉熵损失与通用近似定理。',
    },
  },
  {
    id: '4.4',
    folder: '4.4-backprop',
    title: { en: 'Backpropagation', zh: '反向传播算法' },
    summary: {
      en: 'The error term $\\delta^{(l)} = f_l\'(\\mathbf{z}^{(l)}) \\odot (W^{(l+1)})^\\top \\delta^{(l+1)}$ and the gradients $\\partial\\mathcal{L}/\\partial W^{(l)} = \\delta^{(l)}(\\mathbf{a}^{(l-1)})^\\top$.',
      zh: '误差项 $\\delta^{(l)} = f_l\'(\\mathbf{z}^{(l)}) \\odot (W^{(l+1)})^\\top \\delta^{(l+1)}$ 与梯度 $\\partial\\mathcal{L}/\\partial W^{(l)} = \\delta^{(l)}(\\mathbf{a}^{(l-1)})^\\top$。',
    },
  },
  {
    id: '4.5',
    folder: '4.5-autodiff',
    title: { en: 'Computational graphs and automatic differentiation', zh: '计算图与自动微分' },
    summary: {
      en: 'Numerical, symbolic and automatic differentiation; forward mode versus reverse mode on $f:\\mathbb{R}^N \\to \\mathbb{R}^M$.',
      zh: '数值微分、符号微分与自动微分；前向模式与反向模式在 $f:\\mathbb{R}^N \\to \\mathbb{R}^M$ 上的比较。',
    },
  },
  {
    id: '4.6',
    folder: '4.6-optimisation',
    title: { en: 'Optimisation problems', zh: '优化问题' },
    summary: {
      en: 'Non-convex loss surfaces and saddle points; vanishing gradients when $\\sigma\'(z) \\le 0.25$ multiplies $\\delta^{(l)}$ layer after layer.',
      zh: '非凸的损失曲面与鞍点；当 $\\sigma\'(z) \\le 0.25$ 逐层乘到 $\\delta^{(l)}$ 上时出现梯度消失。',
    },
  },
];

export type SectionId = Section['id'];
export const SECTION_IDS = SECTIONS.map((s) => s.id) as [SectionId, ...SectionId[]];

export function sectionById(id: string): Section | undefined {
  return SECTIONS.find((s) => s.id === id);
}
