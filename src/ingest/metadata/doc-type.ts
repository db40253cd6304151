/**
 * The kind of document a title names, from its last words: 规划, 方案, 意见, 通知, 决定, 条例,
 * 办法, 规定, 细则, 解释, 法, …  (实施意见 and 指导意见 are 意见, 实施细则 is 细则; 办法 is not 法).
 */

/** Longest first, so that 办法 wins over 法 and 实施方案 over 方案. */
const TYPES: [string, string][] = ([
  ["纲要", "纲要"], ["规划", "规划"], ["计划", "计划"], ["方案", "方案"], ["意见", "意见"], ["通知", "通知"],
  ["决定", "决定"], ["决议", "决议"], ["条例", "条例"], ["办法", "办法"], ["规定", "规定"], ["细则", "细则"],
  ["规则", "规则"], ["解释", "解释"], ["批复", "批复"], ["公告", "公告"], ["通告", "通告"], ["通报", "通报"],
  ["章程", "章程"], ["准则", "准则"], ["指南", "指南"], ["要点", "要点"], ["命令", "命令"], ["报告", "报告"],
  ["函", "函"], ["法", "法"],
] as [string, string][]).sort((a, b) => b[0].length - a[0].length);

/** The type named at the end of a title (brackets and quotes ignored), or null. */
export function typeFromTitle(title: string): string | null {
  const t = title.replace(/[（(][^）)]*[）)]$/, "").replace(/[\s\u3000“”"》]+$/, "");
  for (const [ending, type] of TYPES) if (t.endsWith(ending)) return type;
  return null;
}
