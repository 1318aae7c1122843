"""The published site: pages spliced from their source (`splice`), rendered to HTML
(`render`), with their assets, fallback marks, editions, indexes and sitemap, and the
review report beside it."""
