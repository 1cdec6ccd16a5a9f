import { creditCodeCheckCharacter, creditCodeProblem } from './credit-code';

describe('unified social credit codes (GB 32100-2015)', () => {
  // Codes of real organisations as published on the national enterprise credit register.
  const real = [
    ['914403001922038216', 'Huawei Technologies Co., Ltd.'],
    ['91440300708461136T', 'Shenzhen Tencent Computer Systems Co., Ltd.'],
    ['9144030027939873X7', 'ZTE Corporation'],
    ['91440300192317458F', 'BYD Company Limited'],
    ['914403007954257495', 'SZ DJI Technology Co., Ltd.'],
    ['91330100799655058B', 'Alibaba (China) Co., Ltd.'],
  ];

  it.each(real)('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('computes check characters that are letters, digits and 0 (a remainder of 31)', () => {
    expect(creditCodeCheckCharacter('91440300708461136')).toBe('T');
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    // 0 is the check when the weighted sum is a multiple of 31: here every character is 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it('refuses any single mistyped character of a real code', () => {
    const code = '91440300708461136T';
    for (let i = 0; i < 18; i++) {
      const replacement = code[i] === '1' ? '2' : '1';
      const typo = code.slice(0, i) + replacement + code.slice(i + 1);
      expect({ typo, problem: creditCodeProblem(typo) }).toEqual({ typo, problem: 'checkCharacter' });
    }
  });

  it('refuses two adjacent characters swapped', () => {
    expect(creditCodeProblem('91440300784061136T')).toBe('checkCharacter');
  });

  it('names what is wrong with a malformed code', () => {
    expect(creditCodeProblem('91440300708461136')).toBe('length');
    expect(creditCodeProblem('91440300708461136TT')).toBe('length');
    expect(creditCodeProblem('9144030070846113IT')).toBe('charset');
    expect(creditCodeProblem('91440300708461136t')).toBe('charset');
    expect(creditCodeProblem('91A40300708461136T')).toBe('division');
    expect(creditCodeCheckCharacter('9144030070846113O')).toBeNull();
  });
});
