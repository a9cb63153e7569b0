// The wording of a deal's contract draft — 技术转让合同, 技术许可合同 or 科技成果作价投资协议 —
// from the deal's terms: the parties, the assets, the mode and every term, each amount as CNY
// with its Chinese capital numerals. Chinese is the text of record. Rendered by the agreement's
// PDF renderer (the same small document model).
import { DEAL_MODE_LABELS, EXCLUSIVITY_LABELS, PRICING_METHOD_LABELS, type DealMode, type RoyaltyPeriodKind } from '../../../domain/licensing';
import { formatCny } from '../../../domain/money';
import type { AgreementBlock, AgreementDocument } from '../../spinout-case/agreement/agreement-document';
import { chineseDate, IP_ASSET_KIND_LABELS, IP_OWNERSHIP_LABELS, labelOf, percentOfBasisPoints } from '../../spinout-case/case-labels';
import { cnyWithWords, PARTY_ROLES } from '../deal-labels';
import type { DealFacts } from '../load-deal-facts';

const WIDE_SPACE = '\u3000';
const BLANK_DATE = '        年      月      日';
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

const TITLES: Record<DealMode, { zh: string; en: string }> = {
  TRANSFER: { zh: '技术转让合同', en: 'Technology transfer contract' },
  LICENCE: { zh: '技术许可合同', en: 'Technology licence contract' },
  EQUITY: { zh: '科技成果作价投资协议', en: 'Agreement to invest a research result for equity' },
};

const REPORTING_PERIODS: Record<RoyaltyPeriodKind, string> = { QUARTERLY: '每季度', HALF_YEARLY: '每半年', YEARLY: '每年' };

const SUBLICENSING_TEXT = {
  NONE: '乙方不得再许可任何第三方实施本合同项下的科技成果。',
  WITH_CONSENT: '经甲方事先书面同意，乙方可以再许可第三方在本合同约定的领域和地域内实施；再许可不免除乙方在本合同项下的义务。',
  ALLOWED: '乙方可以再许可第三方在本合同约定的领域和地域内实施，但应在再许可合同签订后三十日内书面告知甲方；再许可不免除乙方在本合同项下的义务。',
} as const;

export const contractTitle = (mode: DealMode) => TITLES[mode].zh;

function numbered(items: string[]): string {
  return items.map((item, index) => `${index + 1}. ${item}`).join('\n');
}

function pricingClause(facts: DealFacts): string {
  const method = PRICING_METHOD_LABELS[facts.pricingMethod].zh;
  const result = facts.exchangeResult;
  if (facts.pricingMethod === 'AGREED') return `本合同价格以${method}方式确定，科技成果名称和拟交易价格已按规定公示，公示期内无异议或异议不成立。`;
  if (!result) return `本合同价格以${method}方式确定。`;
  return `本合同价格以${method}方式确定：${result.venue}，项目编号 ${result.listingReference}，于${chineseDate(result.concludedOn)}成交，成交价 ${cnyWithWords(result.finalPriceFen)}，竞得方为${result.winningParty}。`;
}

function assetTable(facts: DealFacts): AgreementBlock {
  return {
    kind: 'table',
    columns: [
      { header: '序号', width: 1.5 },
      { header: '类别', width: 3 },
      { header: '名称', width: 6 },
      { header: '编号', width: 4 },
      { header: '权属', width: 3 },
      { header: '收益分配比例', width: 2.5 },
    ],
    rows: facts.assets.map((asset, index) => [
      String(index + 1),
      labelOf(IP_ASSET_KIND_LABELS, asset.kind).zh,
      asset.title,
      asset.number ?? '—',
      labelOf(IP_OWNERSHIP_LABELS, asset.ownership).zh,
      percentOfBasisPoints(asset.allocationBp),
    ]),
  };
}

function grantClause(facts: DealFacts): string[] {
  const { terms } = facts.draft;
  if (facts.mode === 'TRANSFER') {
    return [
      numbered([
        '甲方将上述科技成果的全部权利（含专利权、专利申请权、软件著作权或技术秘密使用权及转让权，以成果类别为准）转让给乙方。',
        '乙方应在本合同生效后依法办理权利变更登记或备案，甲方予以配合；变更登记完成前，甲方不得就上述成果与第三方订立转让或许可合同。',
        ...(terms.fieldOfUse ? [`双方确认的技术应用领域：${terms.fieldOfUse}。`] : []),
      ]),
    ];
  }
  if (facts.mode === 'EQUITY') {
    const equity = terms.equity;
    return [
      numbered([
        equity
          ? `甲方以上述科技成果作价 ${cnyWithWords(equity.valuationFen)} 向乙方出资，取得乙方股份 ${equity.shares} 股，占乙方股权比例 ${percentOfBasisPoints(equity.companyShareBp)}。`
          : '甲方以上述科技成果作价向乙方出资，取得乙方相应股权。',
        '作价金额以甲方委托的资产评估机构出具的评估报告为基础确定。',
        '乙方应在本协议生效后六十日内办理工商变更登记，将甲方登记为股东，并办理上述成果的权利转移手续。',
        '甲方持有的股权及其收益按《中华人民共和国促进科技成果转化法》及甲方有关规定对成果完成人给予奖励。',
      ]),
    ];
  }
  const exclusivity = terms.exclusivity ? `${EXCLUSIVITY_LABELS[terms.exclusivity].zh}` : '（未约定）';
  return [
    numbered([
      `许可方式：${exclusivity}。`,
      `实施领域：${terms.fieldOfUse ?? '（未约定）'}。`,
      `地域范围：${terms.territory ?? '（未约定）'}。`,
      `许可期限：${terms.termMonths ?? '（未约定）'}个月，自本合同生效之日起计算${terms.effectiveOn ? `（生效日：${chineseDate(terms.effectiveOn)}）` : ''}。`,
      `再许可：${SUBLICENSING_TEXT[terms.sublicensing]}`,
    ]),
  ];
}

function paymentBlocks(facts: DealFacts): AgreementBlock[] {
  const { terms } = facts.draft;
  const paragraph = (text: string): AgreementBlock => ({ kind: 'paragraph', text });
  const items: string[] = [];
  if (terms.upfrontFeeFen > 0) {
    const name = facts.mode === 'LICENCE' ? '入门费' : facts.mode === 'TRANSFER' ? '转让价款' : '现金对价';
    items.push(`${name}：${cnyWithWords(terms.upfrontFeeFen)}，乙方应于本合同签订之日起 ${terms.upfrontDueDays} 日内一次性支付。`);
  }
  if (terms.milestones.length > 0) items.push('里程碑付款：乙方在下表所列事件发生后，按约定期限支付相应款项（见下表）。');
  if (terms.royalty) {
    items.push(
      `提成（使用费）：乙方按实施上述成果所得产品净销售额的 ${percentOfBasisPoints(terms.royalty.rateBp)} 向甲方支付提成，` +
        `${REPORTING_PERIODS[terms.royalty.reportingPeriod]}结算一次；乙方应于每一结算期结束后 ${terms.royalty.reportDueDays} 日内向甲方提交该期净销售额报告并支付提成。`,
    );
  }
  if (terms.minimumAnnualRoyaltyFen !== undefined && terms.minimumAnnualRoyaltyFen > 0) {
    items.push(`最低年使用费：每一许可年度乙方应付提成不足 ${cnyWithWords(terms.minimumAnnualRoyaltyFen)} 的，乙方应随该年度最后一期报告补足差额。`);
  }
  if (terms.patentCostReimbursementFen > 0) {
    items.push(`专利费用补偿：乙方补偿甲方已支付的专利申请费、年费等费用 ${cnyWithWords(terms.patentCostReimbursementFen)}，于本合同签订之日起 ${terms.upfrontDueDays} 日内支付。`);
  }
  items.push(`本合同确定的金额合计 ${cnyWithWords(facts.totalValueFen)}${terms.royalty ? '（不含按销售额计算的提成）' : ''}。`);
  items.push('乙方应将上述款项汇入甲方指定账户；甲方收款后开具相应票据。逾期付款的，每逾期一日按应付未付金额的万分之五支付违约金。');
  const blocks: AgreementBlock[] = [paragraph(numbered(items))];
  if (terms.milestones.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [
        { header: '序号', width: 1.5 },
        { header: '里程碑事件', width: 8 },
        { header: '金额', width: 4 },
        { header: '付款期限', width: 4 },
      ],
      rows: terms.milestones.map((milestone, index) => [
        String(index + 1),
        milestone.event + (milestone.expectedOn ? `（预计 ${milestone.expectedOn}）` : ''),
        formatCny(milestone.amountFen),
        `事件发生后 ${milestone.dueDaysAfterEvent} 日内`,
      ]),
    });
  }
  return blocks;
}

export function contractContent(facts: DealFacts): AgreementDocument {
  const title = contractTitle(facts.mode);
  const roles = PARTY_ROLES[facts.mode];
  const { institution, counterparty, draft } = facts;
  const article = (() => {
    let next = 0;
    return (name: string): AgreementBlock => ({ kind: 'heading', text: `第${CHINESE_NUMERALS[next++]}条${WIDE_SPACE}${name}` });
  })();
  const paragraph = (text: string): AgreementBlock => ({ kind: 'paragraph', text });
  const terms = draft.terms;

  const blocks: AgreementBlock[] = [
    { kind: 'title', text: title },
    { kind: 'subtitle', text: `${TITLES[facts.mode].en} — draft for signature. The Chinese text is the text of record.` },
    { kind: 'subtitle', text: `合同编号 / No.：${facts.reference}` },
    paragraph(`甲方（${roles.institution}）：${institution.name}${institution.nameEn ? `（${institution.nameEn}）` : ''}`),
    paragraph(
      `乙方（${roles.counterparty}）：${counterparty.name}` +
        (counterparty.unifiedSocialCreditCode ? `，统一社会信用代码：${counterparty.unifiedSocialCreditCode}` : '') +
        (counterparty.contactName || counterparty.contactEmail ? `，联系人：${[counterparty.contactName, counterparty.contactEmail].filter(Boolean).join('，')}` : ''),
    ),
    paragraph(
      '根据《中华人民共和国民法典》、《中华人民共和国促进科技成果转化法》及《国务院印发〈实施《中华人民共和国促进科技成果转化法》若干规定〉的通知》（国发〔2016〕16号）等规定，' +
        `甲乙双方就下列职务科技成果的${DEAL_MODE_LABELS[facts.mode].zh}事宜，经甲方按规定审批，本着平等自愿、诚实信用的原则，订立本合同。${pricingClause(facts)}`,
    ),
    article('合同标的'),
    paragraph(`本合同标的为甲方的下列职务科技成果（“${draft.title}”）：`),
    facts.assets.length > 0 ? assetTable(facts) : paragraph('（见附件）'),
    article(facts.mode === 'EQUITY' ? '作价出资' : facts.mode === 'TRANSFER' ? '转让' : '许可的方式和范围'),
    ...grantClause(facts).map(paragraph),
    article(facts.mode === 'EQUITY' ? '其他对价及支付' : '价款及支付方式'),
    ...paymentBlocks(facts),
    article('技术合同认定登记'),
    paragraph('本合同签订后，甲方按《技术合同认定登记管理办法》办理技术合同认定登记，乙方予以配合；登记编号作为本合同附件。'),
    article('保密'),
    paragraph('双方对在订立和履行本合同过程中知悉的对方技术秘密和商业秘密负有保密义务，未经对方书面同意不得向第三方披露；本条在合同终止后继续有效。'),
    article('违约责任与合同的解除'),
    paragraph(
      numbered([
        '任何一方违反本合同约定的，应承担继续履行、采取补救措施或者赔偿损失等违约责任。',
        `乙方逾期付款或逾期提交报告超过三十日的，甲方有权书面催告；催告后三十日内仍未履行的，甲方有权解除本合同。`,
        ...(terms.terminationConditions ? [`双方另行约定的解除条件：${terms.terminationConditions}`] : []),
        '合同解除或终止的，乙方应付未付的款项仍应支付。',
      ]),
    ),
    article('争议解决'),
    paragraph('因本合同发生的争议，双方协商解决；协商不成的，任何一方可向甲方所在地有管辖权的人民法院提起诉讼。'),
    article('其他'),
    paragraph(
      numbered([
        `本合同自双方签字盖章之日起成立${terms.effectiveOn ? `，自${chineseDate(terms.effectiveOn)}起生效` : '并生效'}。`,
        '本合同未尽事宜，经双方协商一致可签订补充协议；补充协议（含合同变更）须经甲方按规定审批。',
        '本合同一式四份，双方各执两份，具有同等法律效力；经双方签署的扫描件与原件具有同等效力。',
      ]),
    ),
    paragraph('（以下无正文）'),
    {
      kind: 'signatures',
      parties: [
        { lines: [`甲方：${institution.name}（盖章）`, '法定代表人或授权代表（签字）：', `日期：${BLANK_DATE}`] },
        { lines: [`乙方：${counterparty.name}（盖章）`, '法定代表人或授权代表（签字）：', `日期：${BLANK_DATE}`] },
      ],
    },
  ];
  return {
    title: `${title}（${facts.reference}）`,
    subject: `${institution.name} — ${counterparty.name}`,
    author: institution.name,
    footer: `${title}${WIDE_SPACE}${facts.reference}`,
    blocks,
  };
}
