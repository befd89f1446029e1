/**
 * Turns a path into a YAML document (`['rules', 0, 'retain']`) into the line and column
 * the user must look at, using the positions the YAML parser kept.
 */
import { isMap, isNode, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export type YamlPath = (string | number)[];

/** 1-based line and column; null when the file has no such place (e.g. an empty file). */
export interface Position {
  line: number | null;
  col: number | null;
}

const NOWHERE: Position = { line: null, col: null };

export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Position of the source offset `offset`. */
  offset(offset: number): Position {
    return this.lineCounter.linePos(offset);
  }

  /**
   * Where the value at `path` starts. A path that does not exist in the file (a missing
   * key) falls back to its nearest existing ancestor, so there is always somewhere to point.
   */
  value(path: YamlPath): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node?.range) return this.offset(node.range[0]);
    }
    return NOWHERE;
  }

  /** Where the KEY of the last segment of `path` is written (`retian:` rather than its value). */
  key(path: YamlPath): Position {
    const parent = this.nodeAt(path.slice(0, -1));
    const name = String(path[path.length - 1]);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
      if (isNode(pair?.key) && pair.key.range) return this.offset(pair.key.range[0]);
    }
    return this.value(path);
  }

  private nodeAt(path: YamlPath): Node | null {
    const node: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    return isNode(node) ? node : null;
  }
}
