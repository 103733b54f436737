"""Small Qt and pyqtgraph helpers that no view owns."""
