import { auditDetails, auditSubjectWords } from './audit';

const bureau = (code: string) =>
  code === 'stic' ? { zh: '市科技创新局', en: 'Science, Technology and Innovation Bureau' } : { zh: '未列明的部门', en: 'a bureau' };
const treasury = () => ({ zh: '深圳市财政', en: 'Shenzhen city treasury' });

describe('an audit entry in words', () => {
  it('names a decision’s facts and leaves out ids and keys of no name', () => {
    const details = auditDetails(
      { stage: 'review', taskId: '34b30ad6-ddeb-42e7-afd2-8b96770f90e4', decision: 'approve', amountFen: '74074073', bureauCode: 'stic', comment: 'OK' },
      bureau,
      treasury,
    );
    expect(details.map((d) => `${d.label.zh}: ${d.value.zh}`)).toEqual([
      '环节: 审核',
      '审核意见: 同意',
      '金额: 740,740.73 元',
      '部门: 市科技创新局',
      '意见: OK',
    ]);
    expect(details.map((d) => `${d.label.en}: ${d.value.en}`)).toEqual([
      'Stage: Review',
      'Decision: Agreed',
      'Amount: CNY 740,740.73',
      'Bureau: Science, Technology and Innovation Bureau',
      'Comment: OK',
    ]);
    expect(details.filter((d) => d.written).map((d) => d.value.zh)).toEqual(['OK']);
  });

  it('names a recovery’s treasury and a settlement’s status', () => {
    const details = auditDetails({ recoveryId: 'r-1', funder: 'city', amountFen: '100050', reason: '合同金额核减' }, bureau, treasury);
    expect(details.map((d) => `${d.label.zh}: ${d.value.zh}`)).toEqual(['财政: 深圳市财政', '金额: 1,000.50 元', '理由: 合同金额核减']);
    expect(auditDetails({ status: 'paid', reason: null }, bureau, treasury).map((d) => d.value.zh)).toEqual(['已支付']);
  });

  it('names the subject’s kind, and an unknown one neutrally', () => {
    expect(auditSubjectWords('task').zh).toBe('审核任务');
    expect(auditSubjectWords('something-new')).toEqual({ zh: '其他', en: 'Other' });
  });
});
