// Docs of the findings that baselines and policy add (for SARIF rule entries and the HTML report).
import type { RuleDoc } from '../report/index.js';

export const DRIFT_AND_POLICY_RULE_DOCS: RuleDoc[] = [
  { id: 'baseline-new-script', severity: 'medium', description: 'A script not in the baseline (high when it reads payment fields).', review: 'Find who added it and why; accept it with `skimscan baseline --update DIR` or add a policy entry with a justification.' },
  { id: 'baseline-changed-script', severity: 'medium', description: 'A script whose normalised source differs from the baseline (high when the change introduced high findings). The evidence holds a unified diff.', review: 'Read the diff: an appended block that reads card fields and sends them away is the classic Magecart change.' },
  { id: 'baseline-removed-script', severity: 'info', description: 'A script in the baseline that was not seen.', review: 'Expected after a deploy; otherwise check that the page still loaded fully.' },
  { id: 'baseline-new-destination', severity: 'high', description: 'A request to a registrable domain not in the baseline.', review: 'Which script made the request (evidence.initiators)? Skimmers send card data to new domains.' },
  { id: 'baseline-changed-headers', severity: 'medium', description: 'Security headers (CSP and others) differ from the baseline.', review: 'A loosened CSP often precedes an injected script.' },
  { id: 'baseline-no-entry', severity: 'info', description: 'The page has no entry in the baseline.', review: 'Record it with `skimscan baseline --update DIR URL`.' },
  { id: 'sri-missing', severity: 'low', description: 'A third-party script loaded without Subresource Integrity.', review: 'Pin it with an integrity attribute, or record why not in a suppression.' },
  { id: 'policy-script-not-allowed', severity: 'medium', description: 'A script outside the configured policy (PCI DSS 6.4.3); high on a payment page when it reads payment fields.', review: 'Authorise it with a justified policy entry, or remove it.' },
  { id: 'policy-destination-not-allowed', severity: 'medium', description: 'A request to a destination outside the configured policy; high on a payment page when it carries or follows payment field data.', review: 'Authorise it with a justified policy entry, or find the script that sends there.' },
];
