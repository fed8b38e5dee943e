package dev.factory.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.volume.VolumeEngine;
import java.util.List;
import java.util.Map;

/** Volumes and networks over docker-java: each listed in one call. */
public final class DockerNetworkEngine implements NetworkEngine, VolumeEngine {
    private final DockerGateway gateway;

    DockerNetworkEngine(DockerGateway gateway) {
        this.gateway = gateway;
    }

    /** One list per observation, shared by the kinds that read networks (the network kind, egress). */
    @Override
    public List<EngineNetwork> listNetworks() {
        return gateway.observed("networks", this::listNetworksNow);
    }

    private List<EngineNetwork> listNetworksNow() {
        return EngineLists.networks(gateway.list("/networks", true));
    }

    @Override
    public void createNetwork(String name, String driver, boolean internal, Map<String, String> labels) {
        gateway.client().createNetworkCmd().withName(name).withDriver(driver).withInternal(internal).withLabels(labels)
                .withCheckDuplicate(true).exec();
    }

    @Override
    public void createNetwork(String name, boolean internal, String subnet, Map<String, String> options, Map<String, String> labels) {
        var ipam = new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet));
        gateway.client().createNetworkCmd().withName(name).withDriver("bridge").withInternal(internal).withIpam(ipam)
                .withOptions(options).withLabels(labels).withCheckDuplicate(true).exec();
    }

    @Override
    public void disconnectAll(String id) {
        Network network;
        try {
            network = gateway.client().inspectNetworkCmd().withNetworkId(id).exec();
        } catch (NotFoundException e) {
            return;
        }
        if (network.getContainers() == null) return;
        for (String container : network.getContainers().keySet()) {
            try {
                gateway.client().disconnectFromNetworkCmd().withNetworkId(id).withContainerId(container).withForce(true).exec();
            } catch (NotFoundException e) {
                // gone meanwhile
            }
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            gateway.client().removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    @Override
    public void removeNetwork(String id) {
        try {
            gateway.client().removeNetworkCmd(id).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    /** One list per observation, shared by the kinds that read volumes (the volume kind, egress). */
    @Override
    public List<EngineVolume> listVolumes() {
        return gateway.observed("volumes", this::listVolumesNow);
    }

    private List<EngineVolume> listVolumesNow() {
        return EngineLists.volumes(gateway.list("/volumes", false));
    }

    @Override
    public void createVolume(String name, String driver, Map<String, String> labels) {
        gateway.client().createVolumeCmd().withName(name).withDriver(driver).withLabels(labels).exec();
    }
}
