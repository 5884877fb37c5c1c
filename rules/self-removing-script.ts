import { defineRule } from '../src/analyse/rule.js';

export default defineRule({
  meta: {
    id: 'self-removing-script',
    severity: 'medium',
    description: 'The script removes its own <script> element (document.currentScript.remove(), removeChild of the last script) so that it no longer shows in the DOM.',
    review: 'Loaders and skimmers erase their tracks this way. JSONP helpers remove the tags they inject (low); removing the running script itself is the suspicious case.',
    messages: {
      self: 'Removes its own script element ({{how}})',
      injected: 'Removes a script element it injected ({{how}})',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        for (let ci = 0, calls = ctx.facts.calls; ci < calls.length; ci++) {
          const call = calls[ci]!;
          const plain = m.memberName(call);
          if (plain !== null && plain !== 'remove' && plain !== 'removeChild') continue;
          const { name, obj } = m.callee(call);
          if (name !== 'remove' && name !== 'removeChild') continue;
          const target = name === 'remove' ? obj : call.node.arguments[0];
          if (!target) continue;
          const n = m.objName(target, call.scope) ?? '';
          if (/currentScript/.test(n) || refersToCurrentScript(target, call.scope)) {
            ctx.report({ node: call.node, messageId: 'self', data: { how: `${n || 'script'}.${name}` }, evidence: { how: n } });
            return;
          }
          if (m.hasKind(target, call.scope, 'script')) {
            ctx.report({ node: call.node, messageId: 'injected', severity: 'low', data: { how: `${n || 'script'}.${name}` }, evidence: { how: n } });
            return;
          }
        }
      },
    };
  },
});

function refersToCurrentScript(node: any, scope: any, depth = 0): boolean {
  if (depth > 3 || !node) return false;
  if (node.type === 'MemberExpression') {
    const p = !node.computed ? node.property.name : null;
    if (p === 'currentScript') return true;
    if (node.object.type === 'MemberExpression' && !node.object.computed && node.object.property.name === 'scripts') return true;
    return refersToCurrentScript(node.object, scope, depth + 1);
  }
  if (node.type === 'Identifier') {
    const b = scope.lookup(node.name);
    return !!b && b.defs.length === 1 && refersToCurrentScript(b.defs[0].node, b.defs[0].scope, depth + 1);
  }
  if (node.type === 'LogicalExpression') return refersToCurrentScript(node.left, scope, depth + 1) || refersToCurrentScript(node.right, scope, depth + 1);
  return false;
}
