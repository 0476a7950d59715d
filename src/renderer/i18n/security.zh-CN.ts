import type { securityEn } from './security.en';

/** 安全限制与检查的简体中文文案。 */
export const securityZh: Record<keyof typeof securityEn, string> = {
  'keys.addHub.insecureWarning':
    '此地址使用明文 http 连接另一台计算机：你的密钥将以未加密的形式经过网络，途中任何人（公共 Wi-Fi、代理、网络服务商）都能读取。',
  'keys.addHub.insecureConfirm': '我已了解风险，仍通过明文 http 向此 Hub 发送密钥',
  'playground.code.large': '内容较大，不做语法着色',
  'keys.hub.insecure': '明文 http：密钥以未加密形式发送',
  'keys.gen.waitingLeft': '已等待 {time} · 剩余 {left} · 已检查 {attempts} 次',
  'keys.gen.noDecline': '如果你在浏览器中拒绝了请求，Hub 不会通知本应用。请点击“取消”停止等待。',
  'error.insecureHttp': '{host} 使用明文 http：你的密钥将以未加密形式经过网络。请改用 https，或勾选复选框以接受此风险。',
  'error.redirectDowngrade':
    '{host} 从 https 重定向到了未加密的地址（{target}）。本应用已拒绝，你的密钥不会以明文发送。请检查地址，或联系 Hub 的管理员。',
  'error.redirectCrossOrigin': '{host} 重定向到了另一个网站（{target}）。本应用没有跟随；如果 Hub 确实在那里，请直接输入该地址。',
  'error.tooManyRedirects': '{host} 重定向次数过多。请检查地址。',
  'error.redirectInvalid': '{host} 重定向到了一个无效的地址。请检查地址。',
  'error.sessionEnded':
    '审批请求已在 Hub 上结束，未获得密钥（已拒绝、已过期、已被使用，或 Hub 已重启）。未保存任何内容；准备好后请重新开始。',
  'error.approvalTimedOut': '{minutes} 分钟内没有收到批准，请求已停止。Hub 不会通知本应用请求已被拒绝。准备好后请重新开始。',
  'error.answerTooLong': '回答超过了 {maxChars} 个字符，已被停止。已收到的文本会保留。',
  'error.sseLineTooLong': 'Hub 发送了一行过长且未结束的数据，回答已被停止。已收到的文本会保留。',
  'error.streamTooLarge': 'Hub 发送的数据远超一个回答所需，回答已被停止。已收到的文本会保留。',
  'error.deadline': '回答总共用时超过 {minutes} 分钟，已被停止。已收到的文本会保留。',
  'error.imageTooLarge': '生成的图片太大，无法下载。请尝试更小的尺寸。',
  'error.usageTooManyRecords':
    'Hub 报告此期间有 {reported} 次调用，超过本应用一次读取的上限（已读取并保留 {read} 条）。请选择更短的时间段。',
  'error.tooLarge': '请求太大，无法发送。请缩短后重试。',
  'error.tooLong': '请求中的列表太长。请缩短后重试。',
  'error.tooDeep': '请求的嵌套层级过深。',
  'error.tooManyKeys': '请求中的对象字段过多。',
  'error.sparseArray': '请求中的列表存在空缺。',
  'error.unknownChannel': '本应用请求了一项不存在的功能。请重新启动应用。',
};
