def log = new File(basedir, 'build.log').text
assert log.contains('skelmae:benchmark')
assert log.contains('skelmae.seeds')
assert log.contains('Comma-separated run seeds')
assert log.contains('BUILD SUCCESS')
