import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import { placeNameEn, placeNameIn, type ToPinyin } from './placeName.ts';

const toPinyin: ToPinyin = (s) => pinyin(s, { toneType: 'none', type: 'array' });
const sut = (name: string) => placeNameEn(name, toPinyin);

describe('placeNameEn', () => {
  it.each([
    ['浙江省', 'Zhejiang Province'],
    ['温州市', 'Wenzhou City'],
    ['龙港市', 'Longgang City'],
    ['苍南县', 'Cangnan County'],
    ['瓯海区', 'Ouhai District'],
    ['大唐街道', 'Datang Subdistrict'],
    ['新城社区', 'Xincheng Community'],
    ['妙山村', 'Miaoshan Village'],
    ['妙西镇', 'Miaoxi Town'],
    ['莪山畲族乡', 'Eshan She Ethnic Township'],
    ['景宁畲族自治县', 'Jingning She Autonomous County'],
    ['恩施土家族苗族自治州', 'Enshi Tujia and Miao Autonomous Prefecture'],
    ['阿拉善盟', 'Alashan League'],
    ['阿里地区', 'Ali Prefecture'],
    ['新城社区居委会', "Xincheng Community Residents' Committee"],
    ['妙山村村委会', "Miaoshan Villagers' Committee"],
    ['雍平社区第一网格', 'Grid 1, Yongping Community'],
    ['雍平社区第十二网格', 'Grid 12, Yongping Community'],
  ])('%s → %s', (zh, en) => {
    expect(sut(zh)).toBe(en);
  });

  it('gives province-level divisions their official English names', () => {
    expect(sut('北京市')).toBe('Beijing Municipality');
    expect(sut('重庆市')).toBe('Chongqing Municipality');
    expect(sut('陕西省')).toBe('Shaanxi Province');
    expect(sut('山西省')).toBe('Shanxi Province');
    expect(sut('内蒙古自治区')).toBe('Inner Mongolia Autonomous Region');
    expect(sut('广西壮族自治区')).toBe('Guangxi Zhuang Autonomous Region');
    expect(sut('新疆维吾尔自治区')).toBe('Xinjiang Uygur Autonomous Region');
    expect(sut('香港特别行政区')).toBe('Hong Kong SAR');
    expect(sut('澳门特别行政区')).toBe('Macao SAR');
  });

  it('splits a composite name into units, smallest first', () => {
    expect(sut('安徽省阜阳市临泉县')).toBe('Linquan County, Fuyang City, Anhui Province');
    expect(sut('浙江省温州市龙港市新城社区')).toBe(
      'Xincheng Community, Longgang City, Wenzhou City, Zhejiang Province',
    );
    expect(sut('广西壮族自治区南宁市')).toBe('Nanning City, Guangxi Zhuang Autonomous Region');
  });

  it('backtracks when a suffix character sits inside a stem', () => {
    expect(sut('新市镇')).toBe('Xinshi Town');
    expect(sut('镇海区')).toBe('Zhenhai District');
    expect(sut('市南区')).toBe('Shinan District');
  });

  it('puts an apostrophe before a syllable starting with a, o or e', () => {
    expect(sut('西安市')).toBe("Xi'an City");
    expect(sut('瑞安市')).toBe("Rui'an City");
    expect(sut('长安镇')).toBe("Chang'an Town");
  });

  it('uses the special readings of well-known place names', () => {
    expect(sut('六安市')).toBe("Lu'an City");
    expect(sut('乐清市')).toBe('Yueqing City');
    expect(sut('单县')).toBe('Shan County');
    expect(sut('蚌埠市')).toBe('Bengbu City');
    expect(sut('三都镇')).toBe('Sandu Town');
  });

  it('writes a name with an unknown suffix as one pinyin word', () => {
    expect(sut('萧山商业城')).toBe('Xiaoshanshangyecheng');
    expect(sut('浙江')).toBe('Zhejiang');
  });

  it('romanises only the place units of mixed text, and leaves other text alone', () => {
    expect(sut('诸暨湖北商会（示例）')).toBe('诸暨湖北商会（示例）');
    expect(sut('大唐街道雍平社区某袜业有限公司（示例）')).toBe('大唐街道雍平社区某袜业有限公司（示例）');
    expect(sut('新城社区（示例）')).toBe('Xincheng Community（示例）');
    expect(sut('3号楼')).toBe('3号楼');
    expect(sut('Longgang')).toBe('Longgang');
    expect(sut('')).toBe('');
  });

  it('keeps a name that is not made of place units when asked for places only', () => {
    expect(placeNameEn('龙港市综合行政执法局', toPinyin, { onlyPlaces: true })).toBe('龙港市综合行政执法局');
    expect(placeNameEn('吴兴区', toPinyin, { onlyPlaces: true })).toBe('Wuxing District');
  });

  it('never leaves Chinese characters in a name made of known place units', () => {
    const stem = fc.stringMatching(/^[龙港新城大唐温州瓯海阜阳临泉苍南平西安湖山]{1,4}$/);
    const suffix = fc.constantFrom(
      '省',
      '市',
      '县',
      '区',
      '街道',
      '社区',
      '村',
      '镇',
      '乡',
      '自治县',
      '旗',
      '盟',
      '地区',
    );
    const unit = fc.tuple(stem, suffix).map(([s, x]) => s + x);
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 4 }), (units) => {
        const out = sut(units.join(''));
        expect(out).not.toMatch(/[\u3400-\u9fff]/);
        expect(out.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('placeNameIn', () => {
  it('returns any name unchanged in Chinese mode, and before the romaniser has loaded', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(placeNameIn('zh-CN', name, toPinyin)).toBe(name);
        expect(placeNameIn('en', name, null)).toBe(name);
      }),
    );
  });

  it('romanises in English mode', () => {
    expect(placeNameIn('en', '龙港市', toPinyin)).toBe('Longgang City');
  });
});
