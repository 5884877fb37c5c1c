// Line and column of a source offset, as acorn's `locations` give them: lines break at \r\n, \r, \n,
// U+2028 and U+2029; columns count UTF-16 units. The walk drops acorn's per-node location objects
// (see walk.ts), so findings take their lines from here.
export interface LineColumn {
  line: number;
  /** 1-based, as findings report it. */
  column: number;
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;

export class LineIndex {
  #starts: Int32Array | null = null;
  /** `source` null: offsets mean nothing, only nodes that kept `loc` have a line. */
  constructor(readonly source: string | null) {}

  #build(): Int32Array {
    const starts = [0];
    const source = this.source ?? '';
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(source); m !== null; m = LINE_BREAK.exec(source)) starts.push(m.index + m[0].length);
    return Int32Array.from(starts);
  }

  /** Where offset `pos` is (offsets past the end land on the last line). */
  at(pos: number): LineColumn {
    const starts = (this.#starts ??= this.#build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - starts[lo]! + 1 };
  }

  /** Where an AST node starts: from its offset, else from acorn's `loc` if it still has one. */
  ofNode(node: any): LineColumn {
    if (this.source !== null && typeof node?.start === 'number') return this.at(node.start);
    return node?.loc ? { line: node.loc.start.line, column: node.loc.start.column + 1 } : { line: 1, column: 1 };
  }
}
