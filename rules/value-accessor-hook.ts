import { defineRule } from '../src/analyse/rule.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';

const FIELD_PROTOTYPES = /^(HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement|HTMLElement|Element)$/;

export default defineRule({
  meta: {
    id: 'value-accessor-hook',
    severity: 'critical',
    description: 'The script redefines the `value` property of every input (Object.defineProperty on HTMLInputElement.prototype and its kin) with an accessor that sends data out. Every read or write of any field, the card number included, then passes through the skimmer without it ever naming a field.',
    review: 'Frameworks track input values on single elements (React defines `value` on the node, not the prototype) and never send from the accessor. A network request inside a prototype-wide value accessor has no legitimate use.',
    messages: { hook: 'Redefines {{proto}}.prototype.value and sends from the accessor to {{dest}} ({{sink}})' },
  },
  create(ctx) {
    const accessors: Array<{ proto: string; fn: any }> = [];
    return {
      CallExpression(node: any) {
        const c = node.callee;
        if (c.type !== 'MemberExpression' || c.computed || c.property.name !== 'defineProperty' || node.arguments.length < 3) return;
        const [target, key, desc] = node.arguments;
        if (key.type !== 'Literal' || key.value !== 'value' || desc.type !== 'ObjectExpression') return;
        if (target.type !== 'MemberExpression' || target.computed || target.property.name !== 'prototype' || target.object.type !== 'Identifier' || !FIELD_PROTOTYPES.test(target.object.name)) return;
        for (const p of desc.properties) {
          const name = p.key?.type === 'Identifier' ? p.key.name : p.key?.value;
          if ((name === 'get' || name === 'set') && p.value && /Function/.test(p.value.type)) accessors.push({ proto: target.object.name, fn: p.value });
        }
      },
      'Program:exit'() {
        if (!accessors.length) return;
        const sinks = ctx.model().sinks();
        for (const a of accessors) {
          const s = sinks.find((x) => x.node.start >= a.fn.start && x.node.end <= a.fn.end && (NETWORK_SINKS.has(x.kind) || x.kind === 'storage') && x.dynamic);
          if (!s) continue;
          ctx.report({
            loc: s.loc, messageId: 'hook', data: { proto: a.proto, dest: describeDest(s.dest), sink: s.api },
            evidence: { prototype: a.proto, sink: s.api, destinations: [s.dest] },
          });
        }
      },
    };
  },
});
