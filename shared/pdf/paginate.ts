/**
 * Page breaking. Pure: boxes (lines of text) have a height and a space before them; these functions
 * say on which page and at which height each one goes. A line is never split.
 */

export interface FlowBox {
  height: number;
  /** Space above the box, e.g. paragraph spacing; dropped at the top of a page. */
  spaceBefore: number;
}

/** A position in the flow: page index (0-based) and distance from the top of the page. */
export interface Cursor {
  page: number;
  y: number;
}

/** The frame text flows in on every page after the first: from `top` down to `bottom`. */
export interface Frame {
  top: number;
  bottom: number;
}

export interface FlowResult {
  /** Where the top of each box goes. */
  placements: Cursor[];
  /** Just below the last box. */
  end: Cursor;
}

/**
 * Places boxes one after another from `start`; a box that would cross the bottom of the frame starts
 * the next page, and so does every box whose index is in `breakBefore`.
 */
export function flow(boxes: readonly FlowBox[], frame: Frame, start: Cursor, breakBefore: ReadonlySet<number> = new Set()): FlowResult {
  const placements: Cursor[] = [];
  let { page, y } = start;
  let atPageTop = false;
  boxes.forEach((box, i) => {
    const newPage = () => {
      page += 1;
      y = frame.top;
      atPageTop = true;
    };
    if (breakBefore.has(i) && !atPageTop) newPage();
    let top = atPageTop ? y : y + box.spaceBefore;
    if (top + box.height > frame.bottom + 1e-6 && !atPageTop) {
      newPage();
      top = y;
    }
    placements.push({ page, y: top });
    y = top + box.height;
    atPageTop = false;
  });
  return { placements, end: { page, y } };
}

export interface Tail {
  /** Height that must stay in one piece on one page (the signature block). */
  height: number;
  /** Space between the last box and the tail, dropped at the top of a page. */
  gap: number;
  /** How many of the last boxes must share the tail's page. */
  keepWith: number;
}

export interface FlowWithTailResult extends FlowResult {
  /** Where the top of the tail goes. */
  tail: Cursor;
}

/**
 * Flows the boxes, then the tail after them, so that the tail's page also holds at least the last
 * `keepWith` boxes: a signature never stands alone, nor under a single stray line. When the tail does
 * not fit under the last box, or the last page holds fewer boxes than that, the page breaks before
 * the last `keepWith` boxes instead.
 */
export function flowWithTail(boxes: readonly FlowBox[], frame: Frame, start: Cursor, tail: Tail): FlowWithTailResult {
  const fits = (end: Cursor) => end.y + tail.gap + tail.height <= frame.bottom + 1e-6;
  const after = (r: FlowResult): FlowWithTailResult => ({ ...r, tail: { page: r.end.page, y: r.end.y + (boxes.length ? tail.gap : 0) } });
  const first = flow(boxes, frame, start);
  const lastPage = first.end.page;
  const onLastPage = first.placements.filter((p) => p.page === lastPage).length;
  const keep = Math.min(tail.keepWith, boxes.length);
  if (fits(first.end) && (onLastPage >= keep || lastPage === start.page)) return after(first);

  const breakAt = boxes.length - keep;
  if (breakAt > 0) {
    const moved = flow(boxes, frame, start, new Set([breakAt]));
    if (fits(moved.end)) return after(moved);
  }
  // Nothing to move, or the tail is taller than a page allows: it starts a page of its own.
  return fits(first.end) ? after(first) : { ...first, tail: { page: lastPage + 1, y: frame.top } };
}
