// Unit tests run outside Next's bundler, where "server-only" would throw; the guard is real in the app.
export {};
