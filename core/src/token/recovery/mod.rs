//! State recovery and prediction for the weak generators (being written).
