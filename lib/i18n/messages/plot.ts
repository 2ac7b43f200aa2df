/** The feedback plot's marks for 4.1: where the student's curve leaves the reference, and kinks. */
export const en = {
  plotDiffers: 'where yours differs',
  plotKink: 'kink',
  plotAltKinks: ' Kinks of the reference at {x} = {at}.',
  plotAltRegions: ' Yours differs on {n} {n:stretch|stretches}: {ranges}.',
};

export const zh: typeof en = {
  plotDiffers: '与参考不同的区间',
  plotKink: '不可导点',
  plotAltKinks: '参考函数的不可导点在 {x} = {at}。',
  plotAltRegions: '你的函数在 {n} 个区间上与参考不同：{ranges}。',
};
