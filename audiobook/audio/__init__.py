"""Audio: spoken text prepared, synthesized by an engine (`engines/`) in a pool of workers or on a
cluster, cached, levelled and stitched with pauses into a chapter's track."""
