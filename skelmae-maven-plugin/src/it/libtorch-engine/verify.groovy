import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('libtorch engine, ND4J')
// the JavaCPP release this project declares (its pom is filtered, this script is not)
def javacpp = (new File(basedir, 'pom.xml').text =~ /<artifactId>javacpp<\/artifactId>\s*<version>([^<]+)</)[0][1]
def results = new JsonSlurper().parse(new File(basedir, 'target/skelmae/smoke/results.json'))
assert results.outcomes.size() == 8
assert results.outcomes.every { it.status == 'OK' }
// every run, pre-training (each latent) and fine-tuning alike, trained on libtorch and says so
['mae-pretrain', 'mvae-pretrain', 'mvqvae-pretrain', 'mae-finetune-100pct', 'mvqvae-finetune-100pct', 'scratch-100pct'].each { run ->
    def p = new JsonSlurper().parse(new File(basedir, "target/skelmae/smoke/$run/seed-1/provenance.json"))
    assert p.runtime.engine == 'libtorch' : "$run: ${p.runtime}"
    assert p.runtime['libtorch.javacpp'] == javacpp : "$run: ${p.runtime}"
    assert p.command.contains('-Dskelmae.engine=libtorch') : "$run: ${p.command}"
}
def reruns = []
new File(basedir, 'target/rerun').eachFileRecurse { if (it.name == 'rerun.json') reruns << it }
assert reruns.size() == 1
def rerun = new JsonSlurper().parse(reruns[0])
assert rerun.sameMachine && rerun.identical && rerun.matched : rerun
assert !new File(basedir, 'target/rerun-nd4j').exists()
assert log.contains('the run trained on the libtorch engine and this re-run would use nd4j: pass -Dskelmae.engine=libtorch')
