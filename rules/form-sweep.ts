import { defineRule } from '../src/analyse/rule.js';

export default defineRule({
  meta: {
    id: 'form-sweep',
    severity: 'low',
    description: 'The script collects every form control at once: querySelectorAll(\'input, select, textarea\'), form.elements, FormData, serialize(), or a document-wide key listener.',
    review: 'Validation, autosave and form libraries do this. It matters when the same script sends what it collected off-site (see `skimmer`).',
    messages: { sweep: 'Collects all form input: {{how}}' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const s = ctx.model().sources().find((x) => x.cls === 'sweep');
        if (s) ctx.report({ loc: s.loc, messageId: 'sweep', data: { how: s.how }, evidence: { how: s.how } });
      },
    };
  },
});
