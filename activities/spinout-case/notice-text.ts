// The text of a public notice (公示) of a spin-out: the facts the public may object to, the
// period and how to object. Chinese is the text of record; one English line follows.
import { SPINOUT_MODE_LABELS } from '../../domain/spinout';
import { chineseDate, IP_ASSET_KIND_LABELS, IP_OWNERSHIP_LABELS, labelOf } from './case-labels';
import type { CaseFacts } from './load-case-facts';

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function noticeText(facts: CaseFacts, period: { startsOn: string; endsOn: string }): { title: string; body: string } {
  const mode = SPINOUT_MODE_LABELS[facts.mode];
  const department = facts.department?.name ?? '';
  const who = `${department}${facts.researcher.name}同志`;
  const venture = facts.venture.name;
  const makerSpace = facts.makerSpace;
  const months = facts.durationMonths;

  const items: string[] = [
    `申请人：${facts.researcher.name}${department ? `（${department}）` : ''}`,
    `创业方式：${mode.zh}${facts.mode === 'LEAVE' ? '（离岗期间保留人事关系）' : '（不离岗，兼职从事创业）'}`,
    `创办或参与的企业：${venture}${facts.venture.unifiedSocialCreditCode ? `（统一社会信用代码：${facts.venture.unifiedSocialCreditCode}）` : ''}` +
      (facts.venture.description ? `\n    主要方向：${facts.venture.description}` : ''),
    `入驻众创空间：${makerSpace ? `${makerSpace.name}${makerSpace.address ? `（${makerSpace.address}）` : ''}` : '（未填写）'}`,
    `期限：${months ? `${months}个月` : '（未填写）'}，自协议签订之日起计算` +
      (facts.requestedStartDate ? `（申请开始日期：${chineseDate(facts.requestedStartDate)}）` : ''),
    '涉及的科技成果及知识产权：' +
      (facts.ipAssets.length === 0
        ? '无'
        : facts.ipAssets
            .map((asset, index) => {
              const ownership = labelOf(IP_OWNERSHIP_LABELS, asset.ownership).zh + (asset.ownershipNote ? `，${asset.ownershipNote}` : '');
              return `\n    ${index + 1}. ${labelOf(IP_ASSET_KIND_LABELS, asset.kind).zh}《${asset.title}》${asset.number ? `（${asset.number}）` : ''}，权属：${ownership}`;
            })
            .join('')),
  ];

  const body = [
    `根据《国务院办公厅关于加快众创空间发展服务实体经济转型升级的指导意见》（国办发〔2016〕7号）、《中华人民共和国促进科技成果转化法》及${facts.institution.name}有关规定，${who}申请${mode.zh}，经审核，拟同意其申请，现将有关情况公示如下：`,
    '',
    ...items.map((item, index) => `${CHINESE_ORDINALS[index]}、${item}`),
    '',
    `公示期：${chineseDate(period.startsOn)}至${chineseDate(period.endsOn)}。`,
    '公示期间，任何单位或个人对上述事项有异议的，可通过本公示页面提交书面意见，写明理由并留下联系方式，以便核实。',
    '',
    facts.institution.name,
    chineseDate(period.startsOn),
    '',
    `Public notice: ${facts.researcher.name}${department ? ` (${department})` : ''} has applied for "${mode.en}" to work on ${venture}` +
      `${makerSpace ? ` in the maker space ${makerSpace.name}` : ''}${months ? ` for ${months} months` : ''}, ` +
      `involving ${facts.ipAssets.length} research result(s) or IP asset(s). Objections may be filed on this page from ${period.startsOn} to ${period.endsOn}.`,
  ].join('\n');

  return { title: `关于${facts.researcher.name}同志${mode.zh}的公示`, body };
}
