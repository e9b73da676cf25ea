// The attributes of the benchmark's spans: a typical HTTP server span, and the personal data
// that a request adds to it. bench/redaction/*.py and *.go read the same values from JSON.
export const ATTRIBUTES = {
  'http.request.method': 'GET',
  'http.route': '/users/:email',
  'http.response.status_code': 200,
  'url.full': 'http://shop.local:8080/users/42?page=2&sort=name',
  'url.path': '/users/42',
  'url.scheme': 'http',
  'server.address': 'shop.local',
  'server.port': 8080,
  'network.protocol.version': '1.1',
  'client.address': '10.0.0.7',
  'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'user.plan': 'pro',
};
export const SENSITIVE = {
  'url.full': 'http://shop.local:8080/users/alice@example.com?token=s3cr3t&page=2',
  'url.path': '/users/alice@example.com',
  'user.email': 'alice@example.com',
  'app.customer': 'cust-42',
};
