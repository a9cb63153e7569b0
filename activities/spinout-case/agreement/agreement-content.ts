// The wording of the 离岗创业协议 (LEAVE) or 在岗兼职创业协议 (PART_TIME), from the case's facts
// and the retention rules of its policy profile. Chinese is the text of record.
import { SPINOUT_MODE_LABELS } from '../../../domain/spinout';
import { chineseDate, IP_ASSET_KIND_LABELS, IP_OWNERSHIP_LABELS, labelOf, percentOfBasisPoints } from '../case-labels';
import type { CaseFacts } from '../load-case-facts';
import type { AgreementBlock, AgreementDocument } from './agreement-document';

/** The ideographic space (U+3000) that sets Chinese headings apart. */
const WIDE_SPACE = '\u3000';

const LEGAL_BASIS =
  '《中华人民共和国促进科技成果转化法》、《国务院办公厅关于加快众创空间发展服务实体经济转型升级的指导意见》（国办发〔2016〕7号）、' +
  '《国务院印发〈实施《中华人民共和国促进科技成果转化法》若干规定〉的通知》（国发〔2016〕16号）、' +
  '《人力资源社会保障部关于支持和鼓励事业单位专业技术人员创新创业的指导意见》（人社部规〔2017〕4号）、' +
  '《人力资源社会保障部关于进一步支持和鼓励事业单位科研人员创新创业的指导意见》（人社部发〔2019〕137号）';

const BLANK_DATE = '        年      月      日';
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

export function agreementTitle(facts: Pick<CaseFacts, 'mode'>): string {
  return `${SPINOUT_MODE_LABELS[facts.mode].zh}协议`;
}

function numbered(items: string[]): string {
  return items.map((item, index) => `${index + 1}. ${item}`).join('\n');
}

function periodClause(facts: CaseFacts): string[] {
  const { retention, eligibility } = facts.profile;
  const months = facts.durationMonths ? `${facts.durationMonths}个月` : '（按甲方批准的期限）';
  const start = facts.requestedStartDate ? `乙方申请的开始日期为${chineseDate(facts.requestedStartDate)}。` : '';
  if (facts.mode === 'PART_TIME') {
    const limit = eligibility.maxPartTimeMonths ? `，最长不超过${eligibility.maxPartTimeMonths}个月` : '';
    return [`乙方在岗兼职创业的期限为${months}，自本协议签订之日（以双方中最后一方签字之日为准）起计算${limit}。${start}期满需要继续兼职创业的，乙方应重新提出申请。`];
  }
  const { extension } = retention;
  const extensionText = extension.allowed
    ? `保留期满，${extension.requiresNotProfitable ? '创业项目尚未实现盈利的，' : ''}乙方可在期满前申请延长，` +
      `最多延长${extension.maxCount}次，每次不超过${extension.maxMonths}个月，经甲方按审批程序同意后签订补充协议。`
    : '保留期满不予延长。';
  return [
    `乙方离岗创业期限为${months}，自本协议签订之日（以双方中最后一方签字之日为准）起计算。${start}`,
    `离岗创业期间，甲方为乙方保留人事关系（人事关系保留期），保留期最长不超过${retention.maxLeaveMonths}个月。${extensionText}`,
  ];
}

function personnelClause(facts: CaseFacts): string {
  if (facts.mode === 'PART_TIME') {
    return numbered([
      '兼职创业期间，乙方应履行岗位职责，完成甲方规定的本职工作任务，不得因兼职创业影响本职工作。',
      '乙方继续享受甲方的工资、社会保险和福利待遇；乙方在所兼职企业取得的合法报酬按国家有关规定执行。',
      '乙方兼职创业期间取得的业绩，可作为职称评审、岗位聘用和考核的依据。',
      '乙方应每年向甲方报告兼职创业情况（年度报告），接受甲方考核。',
    ]);
  }
  const { retention } = facts.profile;
  return numbered([
    '离岗创业期间，乙方依法继续在甲方参加社会保险，社会保险费的缴纳及其他待遇按照国家、地方及甲方有关规定执行。',
    '乙方与甲方其他在岗人员同等享有参加职称评审、项目申报、岗位竞聘、培训、考核、奖励等方面的权利；离岗期间取得的业绩可作为职称评审的依据。',
    '乙方应每年向甲方报告创业情况（年度报告），接受甲方考核。',
    `甲方在保留期届满前${retention.reminderOffsetsDays.join('、')}日提醒乙方。保留期内，乙方可申请提前返岗。`,
    `保留期届满，乙方应在${retention.expiryGraceDays}日内书面选择返回甲方工作或者辞职（解除聘用合同）；逾期未作选择的，由甲方人事部门依法依规处理。乙方返回的，甲方按有关规定安排岗位。`,
  ]);
}

function ipTable(facts: CaseFacts): AgreementBlock {
  return {
    kind: 'table',
    columns: [
      { header: '序号', width: 1.5 },
      { header: '类别', width: 3 },
      { header: '名称', width: 6 },
      { header: '编号', width: 4 },
      { header: '权属', width: 4 },
    ],
    rows: facts.ipAssets.map((asset, index) => [
      String(index + 1),
      labelOf(IP_ASSET_KIND_LABELS, asset.kind).zh,
      asset.title,
      asset.number ?? '—',
      labelOf(IP_OWNERSHIP_LABELS, asset.ownership).zh + (asset.ownershipNote ? `（${asset.ownershipNote}）` : ''),
    ]),
  };
}

function teamTable(facts: CaseFacts): AgreementBlock {
  return {
    kind: 'table',
    columns: [
      { header: '序号', width: 1.5 },
      { header: '姓名', width: 4 },
      { header: '分工', width: 8 },
      { header: '贡献份额', width: 3 },
    ],
    rows: facts.team.map((member, index) => [String(index + 1), member.name, member.role || '—', percentOfBasisPoints(member.contributionShareBp)]),
  };
}

export function agreementContent(facts: CaseFacts): AgreementDocument {
  const title = agreementTitle(facts);
  const mode = SPINOUT_MODE_LABELS[facts.mode];
  const { institution, researcher, venture, makerSpace } = facts;
  const { benefitShare } = facts.profile;
  const article = (() => {
    let next = 0;
    return (name: string): AgreementBlock => ({ kind: 'heading', text: `第${CHINESE_NUMERALS[next++]}条${WIDE_SPACE}${name}` });
  })();
  const paragraph = (text: string): AgreementBlock => ({ kind: 'paragraph', text });

  const blocks: AgreementBlock[] = [
    { kind: 'title', text: title },
    { kind: 'subtitle', text: `Spin-out agreement — ${mode.en}. The Chinese text is the text of record.` },
    { kind: 'subtitle', text: `协议编号 / No.：${facts.reference}` },
    paragraph(`甲方（单位）：${institution.name}${institution.nameEn ? `（${institution.nameEn}）` : ''}`),
    paragraph(`乙方（科研人员）：${researcher.name}${facts.department ? `，所在单位：${facts.department.name}` : ''}`),
    paragraph(
      `根据${LEGAL_BASIS}等规定，经乙方申请、甲方审批并公示无异议（申请编号：${facts.reference}），` +
        `甲乙双方本着平等自愿、诚实信用的原则，就乙方${mode.zh}事宜达成如下协议：`,
    ),
    article('创业项目'),
    paragraph(
      `乙方${facts.mode === 'LEAVE' ? '离岗' : '在岗兼职'}创办或参与创办${venture.name}` +
        `${venture.unifiedSocialCreditCode ? `（统一社会信用代码：${venture.unifiedSocialCreditCode}）` : '（企业尚未登记的，登记后将统一社会信用代码书面告知甲方）'}` +
        `${venture.description ? `，主要从事：${venture.description}` : ''}。` +
        (makerSpace ? `创业项目入驻${makerSpace.name}${makerSpace.address ? `（地址：${makerSpace.address}）` : ''}。` : ''),
    ),
    article('期限'),
    ...periodClause(facts).map(paragraph),
    article('涉及的科技成果及知识产权'),
    paragraph('本次创业涉及的职务科技成果及知识产权如下：'),
    facts.ipAssets.length > 0 ? ipTable(facts) : paragraph('（无）'),
    paragraph(
      '上述属于甲方的职务科技成果，其转让、许可或作价投资应另行按照甲方科技成果转化管理规定办理审批、公示并签订合同；' +
        '未经甲方书面同意，乙方不得擅自实施、转让或许可他人使用。',
    ),
    article('创业团队及贡献份额'),
    facts.team.length > 0 ? teamTable(facts) : paragraph('（无）'),
    paragraph(
      `上述贡献份额作为科技成果转化收益在团队内部分配的依据。按甲方现行政策，转让、许可净收入的${percentOfBasisPoints(benefitShare.licenceIncome.teamBp)}、` +
        `作价投资所得股权的${percentOfBasisPoints(benefitShare.equity.teamBp)}奖励给成果完成团队，具体以届时签订的转化合同和分配方案为准。`,
    ),
    article(facts.mode === 'LEAVE' ? '人事关系与待遇' : '本职工作与待遇'),
    paragraph(personnelClause(facts)),
    article('双方的其他权利义务'),
    paragraph(
      numbered([
        '乙方应遵守国家法律法规和甲方规章制度，不得利用职务便利为所创办企业谋取不正当利益，并如实申报与所创办企业之间的利益关系。',
        '乙方使用甲方仪器设备、实验场地、数据等资源的，应另行签订协议并按约定支付费用。',
        '乙方对在甲方工作期间知悉的技术秘密和其他保密信息负有保密义务，本协议终止后仍然有效。',
        '甲方支持乙方创业，在政策范围内为乙方提供必要的服务。',
      ]),
    ),
    article('违约责任与争议解决'),
    paragraph('任何一方违反本协议的，应承担相应责任。因本协议发生争议的，双方协商解决；协商不成的，依法申请人事争议仲裁或向甲方所在地人民法院提起诉讼。'),
    article('其他'),
    paragraph(
      numbered([
        '本协议自双方签字（盖章）之日起生效，以双方中最后一方签字之日为签订日期。',
        '本协议未尽事宜，由双方协商签订补充协议，补充协议与本协议具有同等效力。',
        '本协议一式三份，甲乙双方各执一份，甲方人事部门存档一份；经双方签署的扫描件与原件具有同等效力。',
      ]),
    ),
    paragraph('（以下无正文）'),
    {
      kind: 'signatures',
      parties: [
        { lines: [`甲方：${institution.name}（盖章）`, '法定代表人或授权代表（签字）：', `日期：${BLANK_DATE}`] },
        { lines: [`乙方：${researcher.name}`, '签字：', `日期：${BLANK_DATE}`] },
      ],
    },
  ];
  return {
    title: `${title}（${facts.reference}）`,
    subject: `${researcher.name} — ${venture.name}`,
    author: institution.name,
    footer: `${title}${WIDE_SPACE}${facts.reference}`,
    blocks,
  };
}
