import { NOTICE_SENTENCES } from './notices';

const STIC = { zh: '市科技创新局', en: 'Science, Technology and Innovation Bureau' };

describe('notice sentences', () => {
  it('tell a Chinese reader the deadline in 北京时间 and the bureau by name', () => {
    const n = NOTICE_SENTENCES.labEvaluationDue('多模态智能重点实验室', 2, '2027-03-01', '2027-05-30', 'Asia/Shanghai', STIC);
    expect(n.body.zh).toBe(
      '多模态智能重点实验室 的第 2 次评估已于 2027-03-01 开始,由市科技创新局评估,须于 2027-05-30(北京时间)前完成。请按市科技创新局的要求配合评估。',
    );
    expect(n.body.en).toContain('by 2027-05-30 (Asia/Shanghai)');
    expect(NOTICE_SENTENCES.informationRequested('SZ-1', '2027-01-10', 'Asia/Shanghai', STIC, ['营业执照']).body.zh).toContain(
      '1. 营业执照\n请于 2027-01-10(北京时间)前',
    );
  });

  it('tell of a lapse by the deadline as read in the policy’s zone, not the stored instant', () => {
    const n = NOTICE_SENTENCES.lapsed('SZ-3', '2027-01-10T16:00:00.000Z', 'Asia/Shanghai');
    expect(n.body).toEqual({
      zh: '未在北京时间 2027-01-11 00:00前补充材料,申请已失效。',
      en: 'No answer to the request for information arrived by 2027-01-11 00:00 (Asia/Shanghai), so the application has lapsed.',
    });
  });

  it('say amounts in yuan as people write them', () => {
    const paid = NOTICE_SENTENCES.paid('SZ-7', { zh: '深圳市财政', en: 'Shenzhen city treasury' }, 123_456_789n);
    expect(paid.subject.zh).toBe('申请 SZ-7:深圳市财政已支付资助款 1,234,567.89 元');
    expect(paid.body.en).toContain('CNY 1,234,567.89');
  });
});
