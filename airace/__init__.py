"""The code behind the book on China's local AI race: paths, regions, sources, cleaning,
schemas, geometry, charts and the build runner. It holds no prose; notebooks tell the story."""
