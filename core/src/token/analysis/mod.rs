//! Statistical analysis of token samples (being written).
