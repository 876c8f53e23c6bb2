import { describe, expect, it } from 'vitest';
import { flow, flowWithTail, type FlowBox } from '../../../shared/pdf/paginate';

const frame = { top: 10, bottom: 100 };
const lines = (n: number, height = 10, spaceBefore = 0): FlowBox[] => Array.from({ length: n }, () => ({ height, spaceBefore }));

describe('flow', () => {
  it('stacks boxes and starts a new page when the next one would cross the bottom', () => {
    const r = flow(lines(12), frame, { page: 0, y: 40 });
    // Page 0 holds 40..100: six lines; page 1 starts at the top of the frame.
    expect(r.placements.slice(0, 6).every((p) => p.page === 0)).toBe(true);
    expect(r.placements[6]).toEqual({ page: 1, y: 10 });
    expect(r.end).toEqual({ page: 1, y: 70 });
  });

  it('never lets a box cross the bottom of the frame', () => {
    const boxes = Array.from({ length: 40 }, (_, i) => ({ height: 7 + (i % 5), spaceBefore: i % 3 ? 0 : 4 }));
    const r = flow(boxes, frame, { page: 0, y: 55 });
    r.placements.forEach((p, i) => {
      expect(p.y).toBeGreaterThanOrEqual(frame.top);
      expect(p.y + boxes[i]!.height).toBeLessThanOrEqual(frame.bottom);
    });
  });

  it('drops the space before a box at the top of a page', () => {
    const r = flow(lines(10, 10, 5), frame, { page: 0, y: 10 });
    const firstOnPage1 = r.placements.find((p) => p.page === 1)!;
    expect(firstOnPage1.y).toBe(frame.top);
  });

  it('breaks before the boxes it is told to', () => {
    const r = flow(lines(3), frame, { page: 0, y: 10 }, new Set([2]));
    expect(r.placements.map((p) => p.page)).toEqual([0, 0, 1]);
  });
});

describe('flowWithTail', () => {
  const tail = { height: 30, gap: 5, keepWith: 2 };

  it('puts the tail under the last box when it fits', () => {
    const r = flowWithTail(lines(3), frame, { page: 0, y: 10 }, tail);
    expect(r.tail).toEqual({ page: 0, y: 45 });
  });

  it('moves the last two boxes to the next page with a tail that does not fit', () => {
    // 8 lines from y=10 end at 90: no room for 5 + 30.
    const r = flowWithTail(lines(8), frame, { page: 0, y: 10 }, tail);
    expect(r.placements.map((p) => p.page)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(r.tail).toEqual({ page: 1, y: 35 });
  });

  it('does not leave a single line above the tail on a new page', () => {
    // 10 lines: 9 fill page 0, the 10th goes alone on page 1 where the tail would fit.
    const r = flowWithTail(lines(10), frame, { page: 0, y: 10 }, tail);
    const onTailPage = r.placements.filter((p) => p.page === r.tail.page).length;
    expect(onTailPage).toBe(2);
    expect(r.tail.y + tail.height).toBeLessThanOrEqual(frame.bottom);
  });

  it('gives a tail taller than any room a page of its own rather than overflowing', () => {
    const r = flowWithTail(lines(1), frame, { page: 0, y: 10 }, { height: 89, gap: 5, keepWith: 2 });
    expect(r.tail).toEqual({ page: 1, y: 10 });
  });
});
