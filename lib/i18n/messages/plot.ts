/** The feedback plot's marks for 4.1: where the student's curve leaves the reference, and kinks. */
export const en = {
  plotsTitle: 'Your functions against the reference',
  plotsNote: 'Each checked function over the whole range, the reference solid, yours dashed: shaded where they differ.',
  plotDiffers: 'where yours differs',
  plotKink: 'kink',
  plotAltKinks: ' Kinks of the reference at {x} = {at}.',
  plotAltRegions: ' Yours differs on {n} {n:stretch|stretches}: {ranges}.',
};

export const zh: typeof en = {
  plotsTitle: '你的函数与参考函数对比',
  plotsNote: '每个被检查的函数画在整个区间上：实线为参考，虚线为你的结果；阴影处两者不同。',
  plotDiffers: '与参考不同的区间',
  plotKink: '不可导点',
  plotAltKinks: '参考函数的不可导点在 {x} = {at}。',
  plotAltRegions: '你的函数在 {n} 个区间上与参考不同：{ranges}。',
};
