// API and integration tests migrate databases and start real servers; jest's 5 s default is too short.
jest.setTimeout(120_000);
