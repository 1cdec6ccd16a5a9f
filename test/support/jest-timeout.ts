// Integration tests start real servers and wait on durable workflows; jest's 5 s default is too short.
jest.setTimeout(120_000);
