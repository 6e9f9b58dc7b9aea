def log = new File(basedir, 'build.log').text
assert log.contains('does/not/exist does not exist or is not a folder')
assert log.contains('BUILD FAILURE')
