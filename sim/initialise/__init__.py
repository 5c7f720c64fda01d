"""Building the start-year population and supply network from data and a scenario."""
