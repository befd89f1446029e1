/** The template that escapes by default: user text can never become markup. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../src/cli/render/html/markup.js';
import { HOSTILE } from './decisions.js';

describe('html``', () => {
  it('escapes interpolated text, in content and in quoted attributes', () => {
    const id = `${HOSTILE}" onmouseover="x' &`;
    const out = html`<td title="${id}">${id}</td>`.text;
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp;">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp;</td>',
    );
  });

  it('inserts nested markup as is, joins arrays and drops empty values', () => {
    const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>a&lt;</li><li>b</li></ul>0');
  });

  it('trusts only what is marked as a constant', () => {
    expect(html`<style>${trusted('a > b { content: "x" }')}</style>`.text).toBe('<style>a > b { content: "x" }</style>');
    expect(escapeHtml('a > b')).toBe('a &gt; b');
  });
});
