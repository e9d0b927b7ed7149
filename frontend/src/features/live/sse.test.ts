import { describe, expect, it } from 'vitest';

import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads id, event and data, skipping comments and retry', () => {
    const p = new SseParser();
    const got = p.feed(
      'retry: 2000\n\n: ping\n\nid: 7\nevent: case.created\ndata: {"seq":7}\n\nid: 8\nevent: changed\ndata: {"seq":8}\n\n',
    );
    expect(got).toEqual([
      { id: '7', event: 'case.created', data: '{"seq":7}' },
      { id: '8', event: 'changed', data: '{"seq":8}' },
    ]);
  });

  it('joins messages cut anywhere across chunks, with \\r\\n line ends', () => {
    const text =
      'id: 12\r\nevent: reset\r\ndata: {"head":12,"reason":"Zażółć فيروس"}\r\n\r\nid: 13\nevent: changed\ndata: x\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const got = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(got).toEqual([
        { id: '12', event: 'reset', data: '{"head":12,"reason":"Zażółć فيروس"}' },
        { id: '13', event: 'changed', data: 'x' },
      ]);
    }
  });

  it('joins multi-line data and defaults the event to message', () => {
    const p = new SseParser();
    expect(p.feed('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
    expect(p.feed('data: incomplete\n')).toEqual([]);
  });
});
