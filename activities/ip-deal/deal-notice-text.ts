// The public notice (公示) of a deal priced by agreement (协议定价): the results' names and the
// proposed price, as 《促进科技成果转化法》第十八条 asks, with the period and how to object.
// Chinese is the text of record; one English paragraph follows.
import { DEAL_MODE_LABELS } from '../../domain/licensing';
import { formatCny } from '../../domain/money';
import { chineseDate } from '../spinout-case/case-labels';
import { assetLine, cnyWithWords, modeText, PARTY_ROLES, priceLines } from './deal-labels';
import type { DealFacts } from './load-deal-facts';

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function dealNoticeTitle(facts: Pick<DealFacts, 'assets' | 'title' | 'mode'>): string {
  const first = facts.assets[0];
  const subject = first ? `“${first.title}”${facts.assets.length > 1 ? `等${facts.assets.length}项科技成果` : '科技成果'}` : `“${facts.title}”`;
  return `关于${subject}${DEAL_MODE_LABELS[facts.mode].zh}拟交易价格的公示`;
}

export function dealNoticeText(facts: DealFacts, period: { startsOn: string; endsOn: string }): { title: string; body: string } {
  const { draft, mode } = facts;
  const roles = PARTY_ROLES[mode];
  const modeLabel = DEAL_MODE_LABELS[mode];
  const team = facts.team.map((member) => member.name).filter(Boolean).join('、');
  const items = [
    `成果名称：${facts.assets.length === 0 ? facts.title : facts.assets.map((asset, index) => `\n    ${index + 1}. ${assetLine(asset)}`).join('')}`,
    `成果完成人：${team || '（见成果登记）'}${facts.department ? `（${facts.department.name}）` : ''}`,
    `转化方式：${modeText(mode, draft.terms)}${mode === 'LICENCE' && draft.terms.termMonths ? `，许可期限 ${draft.terms.termMonths} 个月` : ''}` +
      (draft.terms.fieldOfUse ? `，实施领域：${draft.terms.fieldOfUse}` : '') +
      (draft.terms.territory ? `，地域范围：${draft.terms.territory}` : ''),
    `拟${roles.counterparty}：${facts.counterparty.name}${facts.counterparty.unifiedSocialCreditCode ? `（统一社会信用代码：${facts.counterparty.unifiedSocialCreditCode}）` : ''}`,
    `拟交易价格：${cnyWithWords(facts.totalValueFen)}` +
      priceLines(mode, draft.terms).map((line) => `\n    ${line}`).join('') +
      (draft.terms.royalty ? '\n    （拟交易价格为合同确定的金额，不含按销售额计算的提成。）' : ''),
  ];
  const body = [
    `根据《中华人民共和国促进科技成果转化法》第十八条及${facts.institution.name}科技成果转化管理有关规定，本单位拟以协议定价方式${modeLabel.zh}下列科技成果，现将成果名称和拟交易价格公示如下：`,
    '',
    ...items.map((item, index) => `${CHINESE_ORDINALS[index]}、${item}`),
    '',
    `公示期：${chineseDate(period.startsOn)}至${chineseDate(period.endsOn)}。`,
    '公示期间，任何单位或个人对上述成果的名称、权属或拟交易价格有异议的，可通过本公示页面提交书面意见，写明理由并留下联系方式，以便核实。',
    '',
    facts.institution.name,
    chineseDate(period.startsOn),
    '',
    `Public notice of an agreed price: ${facts.institution.nameEn ?? facts.institution.name} proposes a ${modeLabel.en.toLowerCase()} of ` +
      `${facts.assets.length || 1} research result(s) to ${facts.counterparty.name} for ${formatCny(facts.totalValueFen)}. ` +
      `Objections may be filed on this page from ${period.startsOn} to ${period.endsOn}.`,
  ].join('\n');
  return { title: dealNoticeTitle(facts), body };
}
