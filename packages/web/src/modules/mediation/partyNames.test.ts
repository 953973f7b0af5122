import { describe, expect, it } from 'vitest';
import { joinNames, localPartyNames } from './partyNames.ts';

describe('localPartyNames', () => {
  it('keeps the Chinese line as it is', () => {
    expect(localPartyNames('张三、李四 与 某公司', 'zh-CN')).toBe('张三、李四 与 某公司');
  });
  it('writes the joining words in English and keeps the names', () => {
    expect(localPartyNames('张三、李四 与 某公司', 'en')).toBe('张三, 李四 v. 某公司');
    expect(localPartyNames('张三', 'en')).toBe('张三');
  });
});

describe('joinNames', () => {
  it('joins with the enumeration comma in Chinese and a comma in English', () => {
    expect(joinNames(['甲', '乙'], 'zh-CN')).toBe('甲、乙');
    expect(joinNames(['甲', '乙'], 'en')).toBe('甲, 乙');
  });
});
