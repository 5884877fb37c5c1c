import { describe, expect, it } from 'vitest';
import { IntList } from './int-list.js';

describe('IntList', () => {
  it('keeps every pushed value, in order, across growth', () => {
    const l = new IntList(2);
    for (let i = 0; i < 1000; i++) l.push(i * 3 - 7);
    expect(l.length).toBe(1000);
    expect(l.data.length).toBeGreaterThanOrEqual(1000);
    expect(Array.from(l.data.subarray(0, 5))).toEqual([-7, -4, -1, 2, 5]);
    expect(l.data[999]).toBe(999 * 3 - 7);
  });
});
