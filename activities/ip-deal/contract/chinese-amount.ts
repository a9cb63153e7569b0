// An amount in Chinese capital numerals (大写金额), as contracts and invoices write it:
// 1,000,000.00 → 壹佰万元整; 1,234.56 → 壹仟贰佰叁拾肆元伍角陆分; 0.05 → 伍分.
import { assertFen, type Fen } from '../../../domain/money';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];

/** A group of up to four digits, with 零 where a zero falls between digits. */
function groupText(group: number): string {
  let out = '';
  let zero = false;
  for (let position = 3; position >= 0; position -= 1) {
    const digit = Math.floor(group / 10 ** position) % 10;
    if (digit === 0) {
      zero = out !== '';
    } else {
      if (zero) out += DIGITS[0];
      out += DIGITS[digit]! + SMALL_UNITS[position]!;
      zero = false;
    }
  }
  return out;
}

function integerText(yuan: number): string {
  if (yuan === 0) return '';
  const groups: number[] = [];
  for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let out = '';
  let pendingZero = false;
  for (let index = groups.length - 1; index >= 0; index -= 1) {
    const group = groups[index]!;
    if (group === 0) {
      pendingZero = out !== '';
      continue;
    }
    // A zero before a group that does not fill its thousands (1,0500 → 壹万零伍佰).
    if (out !== '' && (pendingZero || group < 1_000)) out += DIGITS[0];
    out += groupText(group) + GROUP_UNITS[index]!;
    pendingZero = false;
  }
  return out;
}

export function chineseUppercaseAmount(fen: Fen): string {
  assertFen(fen);
  if (fen < 0) return `负${chineseUppercaseAmount(-fen)}`;
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const integer = integerText(yuan);
  let out = integer === '' ? '' : `${integer}元`;
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (integer !== '') out += DIGITS[0];
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}
