-- Comment rate limits count a network's recent comments, on every node.
CREATE INDEX comments_ip_created ON comments (ip, created_at);
