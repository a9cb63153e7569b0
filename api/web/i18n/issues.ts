// The API's validation and error messages are English and name the field (they are logged as
// they are). On a page they stand beside the field they are about, so the field name is dropped
// and the rest is said in the page's language. Known phrasings of the domain and API schemas are
// matched here; anything else is shown as the API wrote it. Bundled into the browser script too,
// so inline validation and server answers read the same.
import type { Lang } from './lang';

type Rule = readonly [RegExp, (match: RegExpExecArray) => { zh: string; en: string }];

const percentOf = (bp: string) => `${(Number(bp) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

const RULES: readonly Rule[] = [
  // IP deals (domain/licensing, the deal routes and workflow). Amounts are typed in yuan and sent as fen.
  [/allocationBp must add up to exactly 10000 \(100%\), got (-?\d+)/, (m) => ({ zh: `各项成果的分配比例合计须为 100%，当前为 ${percentOf(m[1]!)}`, en: `The results’ shares must add up to 100% (now ${percentOf(m[1]!)})` })],
  [/allocationBp must be a whole number/, () => ({ zh: '请输入分配比例（百分比，最多两位小数）', en: 'Enter the share as a percentage (up to two decimals)' })],
  [/allocationBp must be at least 1/, () => ({ zh: '分配比例须大于 0', en: 'The share must be more than 0%' })],
  [/(?:allocationBp|companyShareBp|rateBp) must be at most 10000/, () => ({ zh: '不得超过 100%', en: 'Must be at most 100%' })],
  [/(?:rateBp|companyShareBp) must be a whole number/, () => ({ zh: '请输入百分比，最多两位小数', en: 'Enter a percentage with at most two decimals' })],
  [/(?:rateBp|companyShareBp) must be at least 1/, () => ({ zh: '须大于 0', en: 'Must be more than 0%' })],
  [/must be more than 0$|above zero$/, () => ({ zh: '金额须大于 0', en: 'The amount must be more than zero' })],
  [/must be a whole number of fen/, () => ({ zh: '请输入以元为单位的金额，最多两位小数（如 1500000 或 1,500,000.00）', en: 'Enter an amount in yuan with at most two decimals (e.g. 1500000 or 1,500,000.00)' })],
  [/(?:^|\s)must not be negative/, () => ({ zh: '金额不能为负数', en: 'The amount cannot be negative' })],
  [/(\S+) is more than the (\S+) (?:royalty )?outstanding/, (m) => ({ zh: `${m[1]} 超过尚未支付的 ${m[2]}`, en: `${m[1]} is more than the ${m[2]} outstanding` })],
  [/assets needs at least one/, () => ({ zh: '请至少填写一项科技成果', en: 'List at least one research result' })],
  [/assets\[\] needs an ipAssetId, or a kind and a title/, () => ({ zh: '请填写成果的类型和名称', en: 'Give the result’s kind and title' })],
  [/team\[\] member needs a personId or a name/, () => ({ zh: '请填写完成人姓名', en: 'Enter the inventor’s name' })],
  [/is required when the tech-transfer office opens a deal/, () => ({ zh: '代为填写时，请选择成果负责人', en: 'Choose the researcher whose result it is' })],
  [/the lead researcher must hold the RESEARCHER role|lead researcher’s account is deactivated/, () => ({ zh: '请选择在职的科研人员', en: 'Choose an active researcher' })],
  [/is required for a licence/, () => ({ zh: '许可须填写此项', en: 'A licence needs this' })],
  [/applies to licences only/, () => ({ zh: '此项只适用于许可', en: 'This applies to licences only' })],
  [/terms\.equity .*is required for 作价投资/, () => ({ zh: '作价投资须填写作价金额、股份数和股权比例', en: 'An equity deal needs the agreed value, the shares and the share of the company' })],
  [/terms\.equity applies to 作价投资/, () => ({ zh: '此项只适用于作价投资', en: 'This applies to equity deals only' })],
  [/minimumAnnualRoyaltyFen needs a running royalty/, () => ({ zh: '设定年度最低提成须同时约定提成比例', en: 'A minimum annual royalty needs a royalty rate' })],
  [/terms must provide for some payment/, () => ({ zh: '请至少约定一项价款：一次性价款、里程碑付款、提成或作价金额', en: 'Provide for some payment: a lump sum, a milestone, a royalty or an equity value' })],
  [/valuationReportDocumentId is required/, () => ({ zh: '按本单位政策，此类交易须上传资产评估报告', en: 'Your institution’s policy requires a valuation report for this kind of deal' })],
  [/conflictDisclosureDocumentId is required/, () => ({ zh: '有完成人申报了与交易对方的关联，须上传利益冲突声明', en: 'An inventor declared an interest in the counterparty: upload a conflict-of-interest disclosure' })],
  [/termMonths must be a whole number/, () => ({ zh: '请输入整数月数', en: 'Enter a whole number of months' })],
  [/must be a whole number of days/, () => ({ zh: '请输入整数天数', en: 'Enter a whole number of days' })],
  [/must be a whole number of shares/, () => ({ zh: '请输入整数股数', en: 'Enter a whole number of shares' })],
  [/^mode must be one of TRANSFER/, () => ({ zh: '请选择转化方式', en: 'Choose the kind of deal' })],
  [/pricingMethod must be one of/, () => ({ zh: '请选择定价方式', en: 'Choose how the price is set' })],
  [/is not the deal's counterparty/, () => ({ zh: '与本交易的对方不一致：如成交方不同，请撤回本交易并以成交方重新填写', en: 'This is not the deal’s counterparty; withdraw the deal and open one with the winning party' })],
  [/the 技术合同认定登记 number/, () => ({ zh: '请输入技术合同认定登记号（8–40 位数字、大写字母或连字符）', en: 'Enter the registration number (8–40 digits, capital letters or hyphens)' })],
  [/the signed contract document is required|is required \(multipart file field\)/, () => ({ zh: '请选择要上传的文件', en: 'Choose a file to upload' })],
  [/^document \S+ is an? \w+, not an? \w+|^no document of this deal has id/, () => ({ zh: '请选择本交易中相应类别的文件', en: 'Choose a document of the right kind of this deal' })],
  [/has no (?:obligation|royalty period)|^no (?:spin-out case|IP asset|person) of the/, () => ({ zh: '请从列表中选择', en: 'Choose one from the list' })],
  [/contributionShareBp must add up to exactly 10000 \(100%\), got (-?\d+)/, (m) => ({ zh: `团队成员贡献比例合计须为 100%，当前为 ${percentOf(m[1]!)}`, en: `Contribution shares must add up to 100% (now ${percentOf(m[1]!)})` })],
  [/contributionShareBp must be a whole number/, () => ({ zh: '请输入贡献比例（百分比，最多两位小数）', en: 'Enter the contribution share as a percentage (up to two decimals)' })],
  [/contributionShareBp must be at least 1/, () => ({ zh: '贡献比例须大于 0', en: 'The contribution share must be more than 0%' })],
  [/contributionShareBp must be at most 10000/, () => ({ zh: '贡献比例不得超过 100%', en: 'The contribution share must be at most 100%' })],
  [/durationMonths must be at most (\d+) for/, (m) => ({ zh: `按本单位政策，期限最长为 ${m[1]} 个月`, en: `Your institution’s policy allows at most ${m[1]} months` })],
  [/durationMonths must be a whole number/, () => ({ zh: '请输入整数月数', en: 'Enter a whole number of months' })],
  [/must not be before today \((\d{4}-\d{2}-\d{2})\)/, (m) => ({ zh: `不得早于今天（${m[1]}）`, en: `Must not be before today (${m[1]})` })],
  [/must not be after today \((\d{4}-\d{2}-\d{2})\)/, (m) => ({ zh: `不得晚于今天（${m[1]}）`, en: `Must not be after today (${m[1]})` })],
  [/must be a (real )?date as YYYY-MM-DD/, () => ({ zh: '请输入有效日期（年-月-日）', en: 'Enter a valid date (YYYY-MM-DD)' })],
  [/unified social credit code must be 18 characters/, () => ({ zh: '统一社会信用代码须为 18 位', en: 'The unified social credit code has 18 characters' })],
  [/unified social credit code must use digits/, () => ({ zh: '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）', en: 'Use digits and capital letters only (no I, O, Z, S, V)' })],
  [/unified social credit code has a wrong check digit/, () => ({ zh: '统一社会信用代码校验位不正确，请核对', en: 'The check digit (last character) is wrong; please re-check the code' })],
  [/number is required for a/, () => ({ zh: '专利和软件著作权须填写编号', en: 'Patents and software copyrights need their number' })],
  [/ownershipNote must say who the owners are/, () => ({ zh: '非本单位所有时，请说明权属人', en: 'Say who the owners are' })],
  [/ipAssets needs at least one/, () => ({ zh: '请至少填写一项科技成果或知识产权', en: 'List at least one research result or IP asset' })],
  [/team needs at least one member/, () => ({ zh: '请至少填写一名团队成员', en: 'List at least one team member' })],
  [/member needs a personId or a name/, () => ({ zh: '请填写成员姓名', en: 'Enter the member’s name' })],
  [/personId is listed twice/, () => ({ zh: '同一成员不能重复列出', en: 'This person is listed twice' })],
  [/mode must be LEAVE or PART_TIME/, () => ({ zh: '请选择创业方式', en: 'Choose how you will work on the venture' })],
  [/must be true or false/, () => ({ zh: '请选择“是”或“否”', en: 'Choose yes or no' })],
  [/kind must be one of/, () => ({ zh: '请选择类型', en: 'Choose a kind' })],
  [/ownership must be one of/, () => ({ zh: '请选择权属', en: 'Choose who owns it' })],
  [/the reason is required to (?:reject|return for changes)/, () => ({ zh: '不同意或退回修改时须写明理由', en: 'Give the reason for rejecting or returning' })],
  [/a reason is required to reject/, () => ({ zh: '不同意时须填写理由', en: 'Give the reason for rejecting' })],
  [/a note of what to change is required to return/, () => ({ zh: '退回修改时须写明需要修改的内容', en: 'Say what should be changed' })],
  [/is required to terminate/, () => ({ zh: '解除时须填写理由', en: 'Give the reason for terminating' })],
  [/you cannot delegate to yourself/, () => ({ zh: '不能委托给本人', en: 'You cannot delegate to yourself' })],
  [/must not be in the past \(today is (\d{4}-\d{2}-\d{2})\)/, (m) => ({ zh: `不得早于今天（${m[1]}）`, en: `Must not be in the past (today is ${m[1]})` })],
  [/(?:^|\s)is required$|reasoning for the resolution is required|how to reach you is required|the reason for the objection is required|a reason for the withdrawal is required/, () => ({ zh: '此项为必填项', en: 'This field is required' })],
  [/must be at most (\d+) characters/, (m) => ({ zh: `最多 ${m[1]} 个字符`, en: `At most ${m[1]} characters` })],
  [/must be at least (\d+)/, (m) => ({ zh: `不得小于 ${m[1]}`, en: `Must be at least ${m[1]}` })],
  [/must be at most (\d+)/, (m) => ({ zh: `不得大于 ${m[1]}`, en: `Must be at most ${m[1]}` })],
  [/must be a whole number/, () => ({ zh: '请输入整数', en: 'Enter a whole number' })],
  [/must be a number/, () => ({ zh: '请输入数字', en: 'Enter a number' })],
  [/must be an e-mail address/, () => ({ zh: '请输入有效的电子邮箱', en: 'Enter a valid e-mail address' })],
  [/must be a UUID|must be an? .*id \(uuid\)/, () => ({ zh: '请从列表中选择', en: 'Choose one from the list' })],
  [/file is required/, () => ({ zh: '请选择要上传的文件', en: 'Choose a file to upload' })],
  [/the file is empty/, () => ({ zh: '文件为空', en: 'The file is empty' })],
  [/the (?:file is \d+ bytes; the limit|upload is larger than the limit of) (?:is )?(\d+) bytes/, (m) => ({ zh: `文件超过大小上限（${megabytes(m[1]!)}）`, en: `The file is larger than the limit (${megabytes(m[1]!)})` })],
  [/is not accepted; upload PDF/, () => ({ zh: '不支持此文件类型，请上传 PDF、图片或 Office 文件', en: 'This file type is not accepted; upload a PDF, an image or an Office file' })],
  [/must end in (.+) for content type/, (m) => ({ zh: `文件扩展名须为 ${m[1]!.replaceAll(' or ', ' 或 ')}`, en: `The file name must end in ${m[1]}` })],
  [/the file's content is not/, () => ({ zh: '文件内容与其类型不符', en: 'The file’s content does not match its type' })],
  [/deputy must hold the task’s role/, () => ({ zh: '代理人须具有该任务的角色', en: 'The deputy must hold the task’s role' })],
  [/deputy must head the case’s own department/, () => ({ zh: '代理人须为本院系负责人', en: 'The deputy must head the case’s department' })],
  [/deputy’s account is deactivated/, () => ({ zh: '代理人账号已停用', en: 'The deputy’s account is deactivated' })],
  [/an approval step is decided with/, () => ({ zh: '请选择审批意见', en: 'Choose a decision' })],
  [/an objection review is decided with/, () => ({ zh: '请选择处理结果', en: 'Choose an outcome' })],
  [/^decision must be/, () => ({ zh: '请选择审批意见', en: 'Choose a decision' })],
  [/roles needs at least one role/, () => ({ zh: '请至少选择一个角色', en: 'Choose at least one role' })],
  [/must be RETURNED, RESIGNED or TERMINATED/, () => ({ zh: '请选择结果', en: 'Choose an outcome' })],
  [/must be RETURN or RESIGN/, () => ({ zh: '请选择返岗或辞职', en: 'Choose return or resignation' })],
  [/kind must be HOLIDAY or WORKDAY/, () => ({ zh: '请选择节假日或调休工作日', en: 'Choose holiday or make-up working day' })],
  [/must be one of/, () => ({ zh: '请选择一项', en: 'Choose one' })],
];

function megabytes(bytes: string): string {
  return `${(Number(bytes) / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** A field message from the API (or the domain schema in the browser), in the page's language. */
export function translateIssue(lang: Lang, message: string): string {
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(message);
    if (match) return say(match)[lang === 'en' ? 'en' : 'zh'];
  }
  return message;
}

/** The field of a schema issue, written as the form names its input: `team[1].role`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}
