import { readFigure, readQualitativeActual, readTarget } from './target-text';

describe('readTarget', () => {
  it.each([
    ['≥95%', 'at_least', '95', '%'],
    ['＞９０％', 'at_least', '90', '%'],
    ['不低于1,200人次', 'at_least', '1200', '人次'],
    ['不少于12次', 'at_least', '12', '次'],
    ['1200人次以上', 'at_least', '1200', '人次'],
    ['≤3天', 'at_most', '3', '天'],
    ['不超过5%', 'at_most', '5', '%'],
    ['不高于120万元', 'at_most', '120', '万元'],
    ['9月前', 'at_most', '9', '月'],
    ['3天内', 'at_most', '3', '天'],
    ['100%', 'equal', '100', '%'],
    ['=12个', 'equal', '12', '个'],
  ])('reads %s', (text, direction, value, unit) => {
    const read = readTarget(text);
    expect(read.kind).toBe('quantitative');
    if (read.kind !== 'quantitative') return;
    expect({ direction: read.direction, value: read.value.toFixed(), unit: read.unit }).toEqual({ direction, value, unit });
  });

  it('reads a text without a figure as qualitative', () => {
    for (const text of ['有效提升', '明显改善', '按计划完成', '95分以上的比例有所提高']) expect(readTarget(text).kind).toBe('qualitative');
  });

  it('takes the direction from the 指标性质 column and the unit from the 度量单位 column', () => {
    const read = readTarget('3', '≤', '天');
    expect(read).toMatchObject({ kind: 'quantitative', direction: 'at_most', unit: '天' });
    expect(readTarget('95', '定性')).toEqual({ kind: 'qualitative' });
    expect(readTarget('95', '正向', '%')).toMatchObject({ direction: 'at_least', unit: '%' });
  });
});

describe('readFigure and readQualitativeActual', () => {
  it('reads an actual value and its unit', () => {
    expect(readFigure('1,350 人次')).toMatchObject({ unit: '人次' });
    expect(readFigure('93.5％')?.value.toFixed()).toBe('93.5');
    expect(readFigure('完成')).toBeUndefined();
    expect(readFigure('约95%')).toBeUndefined();
  });

  it('reads how far a qualitative target was met', () => {
    expect(['完成', '已完成', '全部完成', '达成', '达到', '达到目标'].map(readQualitativeActual)).toEqual(Array(6).fill('met'));
    expect(['基本完成', '部分达成', '基本达到'].map(readQualitativeActual)).toEqual(Array(3).fill('partly'));
    expect(['未完成', '未达成', '尚未完成'].map(readQualitativeActual)).toEqual(Array(3).fill('not_met'));
    expect(readQualitativeActual('服务能力明显增强')).toBeUndefined();
  });
});
