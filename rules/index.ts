// The rule registry: one entry per file in rules/ (the meta test checks both ways).
import type { Rule } from '../src/analyse/rule.js';
import skimmer from './skimmer.js';
import paymentFieldRead from './payment-field-read.js';
import formSweep from './form-sweep.js';
import exfilSink from './exfil-sink.js';
import encodingBeforeSend from './encoding-before-send.js';
import decodedCodeEval from './decoded-code-eval.js';
import unusualLoader from './unusual-loader.js';
import checkoutUrlTrigger from './checkout-url-trigger.js';
import devtoolsDetection from './devtools-detection.js';
import selfRemovingScript from './self-removing-script.js';
import storageStaging from './storage-staging.js';
import websocketWebrtcExfil from './websocket-webrtc-exfil.js';
import lookalikeDomain from './lookalike-domain.js';
import knownSkimmerInfrastructure from './known-skimmer-infrastructure.js';
import formActionOffsite from './form-action-offsite.js';
import requestHookExfil from './request-hook-exfil.js';
import valueAccessorHook from './value-accessor-hook.js';

/** Bump when rules change what they report: cached results keyed by hash + version go stale. */
export const RULES_VERSION = '1.5.0';

export const RULES: readonly Rule[] = [
  skimmer, paymentFieldRead, formSweep, exfilSink, encodingBeforeSend, decodedCodeEval, unusualLoader, checkoutUrlTrigger,
  devtoolsDetection, selfRemovingScript, storageStaging, websocketWebrtcExfil, lookalikeDomain, knownSkimmerInfrastructure,
  formActionOffsite, requestHookExfil, valueAccessorHook,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
